/** A loop in the manager chain: the members' indexes, in the order the chain visits them. */
export type ManagerLoop = number[];

/**
 * Finds every loop in a "who manages whom" graph where each person has at most one manager:
 * `managerOf[i]` is the index of i's manager, or -1. Each node is visited once (O(n)); a
 * self-manager is a loop of one.
 */
export function findManagerLoops(managerOf: ArrayLike<number>): ManagerLoop[] {
  const UNSEEN = 0;
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Uint8Array(managerOf.length);
  const loops: ManagerLoop[] = [];
  const path: number[] = [];
  for (let start = 0; start < managerOf.length; start++) {
    if (state[start] !== UNSEEN) continue;
    path.length = 0;
    let node = start;
    while (node >= 0 && state[node] === UNSEEN) {
      state[node] = ON_PATH;
      path.push(node);
      node = managerOf[node];
    }
    if (node >= 0 && state[node] === ON_PATH) loops.push(path.slice(path.indexOf(node)));
    for (const visited of path) state[visited] = DONE;
  }
  return loops;
}
