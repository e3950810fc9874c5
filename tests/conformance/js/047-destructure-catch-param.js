try {
  throw { code: 404, detail: { path: "/missing" } };
} catch ({ code, detail: { path }, extra = "none" }) {
  console.log(code, path, extra);
}
try {
  throw [1, 2, 3];
} catch ([a, , c]) {
  console.log(a, c);
}
class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}
try {
  throw new HttpError(418, "teapot");
} catch ({ status, message }) {
  console.log(status, message);
}
