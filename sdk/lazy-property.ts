/**
 * Defines `name` on `target` as a value built on first read and kept, so an
 * output nobody reads costs nothing. Configurable until first read, so it can
 * replace a property the Pulumi SDK set in the constructor.
 */
export function defineLazyProperty(target: object, name: string, build: () => unknown): void {
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: true,
    get() {
      const value = build();
      Object.defineProperty(target, name, { value, enumerable: true });
      return value;
    },
  });
}
