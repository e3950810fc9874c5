console.log("e2e");
