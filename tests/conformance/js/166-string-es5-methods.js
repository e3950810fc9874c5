const s = "The quick brown fox";
console.log(s.split(" ").map(w => w[0]).join(""), s.split("").length, s.split(" ", 2).join("|"));
console.log(s.substring(4, 9), s.slice(-3), s.slice(4, -4), s.substr ? "has substr" : "no substr");
console.log(s.charAt(4), s.charCodeAt(0), String.fromCharCode(72, 105));
console.log(s.indexOf("o"), s.lastIndexOf("o"), s.indexOf("zzz"));
console.log(s.toUpperCase(), s.toLowerCase());
console.log("  pad  ".trim() + "|", "a,b,,c".split(",").length, "abc".concat("def", 1));
console.log("%" + encodeURIComponent("a b&c/d") + "%", decodeURIComponent("%E2%9C%93").length);
console.log("Ünïcödé".toUpperCase(), "ß".length);
