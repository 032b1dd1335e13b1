/**
 * The smallest shim that, like sdk/serialized-provider.ts, only requires the
 * package: one shared loader and arrow methods. Only measured (bench §1), not
 * used. No comments or annotations inside the functions: they would be
 * serialised with them.
 */
const load = () => require("pulumi-cleantalk/internal").dynamicProvider;

const compactShim = {
  configure: (r) => load().configure(r),
  check: (o, n) => load().check(o, n),
  diff: (i, o, n) => load().diff(i, o, n),
  create: (n) => load().create(n),
  read: (i, p) => load().read(i, p ?? {}),
  update: (i, o, n) => load().update(i, o, n),
  delete: (i, p) => load().delete(i, p),
};

module.exports = { compactShim };
