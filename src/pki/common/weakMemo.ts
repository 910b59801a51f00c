/**
 * `fn` remembered per argument object, weakly: verification asks the same certificate or CRL
 * object the same question many times, and an answer lives only as long as its object.
 */
export function weakMemo<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const known = new WeakMap<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = fn(key);
    known.set(key, value);
    return value;
  };
}

/** `fn` remembered per pair of argument objects, weakly (an answer lives as long as both objects). */
export function weakPairMemo<A extends object, B extends object, V>(fn: (a: A, b: B) => V): (a: A, b: B) => V {
  const known = new WeakMap<A, WeakMap<B, V>>();
  return (a, b) => {
    let row = known.get(a);
    if (!row) known.set(a, (row = new WeakMap()));
    if (row.has(b)) return row.get(b) as V;
    const value = fn(a, b);
    row.set(b, value);
    return value;
  };
}
