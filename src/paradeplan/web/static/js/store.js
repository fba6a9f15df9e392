// The workspace's shared state in one place. Views subscribe to the keys they show and are told
// when one of them changes; whoever changes the state calls set() with the keys that change.

export function createStore(initial) {
  const state = { ...initial };
  const subscriptions = [];
  return {
    // the current state, to read; change it only through set()
    get: () => state,

    // change some keys; every subscriber to one of those that really changed is called once
    set(patch) {
      const changed = Object.keys(patch).filter((key) => !Object.is(state[key], patch[key]));
      if (!changed.length) return;
      Object.assign(state, patch);
      for (const { keys, listener } of subscriptions) {
        if (keys.some((key) => changed.includes(key))) listener(state, changed);
      }
    },

    // listener(state, changedKeys) after every set() that changes one of `keys`
    subscribe(keys, listener) {
      subscriptions.push({ keys, listener });
    },
  };
}
