/**
 * Polyfills for Node 20, imported for their side effects before libp2p loads:
 *   import '@leag/core/polyfills';   (or import from './polyfills.js' inside core)
 * Promise.withResolvers (Node 22+) is used by libp2p; without it Noise fails and dialers see
 * ECONNRESET (dependencies.md, pitfall 1).
 */
interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof P.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: Resolvers<T>['resolve'];
      let reject!: Resolvers<T>['reject'];
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export const POLYFILLS_INSTALLED = true;
