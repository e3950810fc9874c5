console.log(0b1010, 0B11);
console.log(0o17, 0O7);
console.log(0xff, 0XA);
console.log(1_000_000, 0b1111_0000, 0xFF_FF, 1_0.5_0);
console.log(1e3, 2.5e-3, .5, 5.);
console.log(0b1 + 0o1 + 0x1 + 1);
console.log(Number.MAX_SAFE_INTEGER === 9_007_199_254_740_991);
console.log((255).toString(2), (255).toString(16), parseInt("ff", 16));
console.log(Number("0b101"), Number("0o17"));
