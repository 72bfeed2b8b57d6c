/**
 * The channel between pdf.js's API and its worker, both in this thread. pdf.js's own in-thread channel
 * copies each message with structuredClone, and a page's operator list (thousands of small argument
 * arrays and glyph records) is the bulk of the copying: a copy of the plain data it carries, done in
 * script, takes a third of the time. Copies keep the isolation pdf.js relies on (the worker empties its
 * operator list arrays once sent); buffers named for transfer pass over uncopied, as a transfer does.
 */
export interface MessagePortLike {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  addEventListener(type: string, listener: Listener): void;
  removeEventListener(type: string, listener: Listener): void;
  terminate(): void;
}

type Listener = (event: { data: unknown }) => void;

/** Two connected ends: what one posts, the other's listeners receive a little later (a microtask), in order. */
export function portPair(): [MessagePortLike, MessagePortLike] {
  const a = end();
  const b = end();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

// Each message is delivered by its own callback on one settled promise, as pdf.js's loopback port does:
// callbacks run in the order queued, and a listener that throws loses no later message.
const settled = Promise.resolve();

function end(): MessagePortLike & { peer: { listeners: Set<Listener> } | null; listeners: Set<Listener> } {
  return {
    peer: null,
    listeners: new Set(),
    postMessage(message, transfer) {
      const data = copyMessage(message, new Set(transfer ?? []));
      const to = this.peer!.listeners;
      settled.then(() => {
        for (const listener of to) listener({ data });
      });
    },
    addEventListener(type, listener) {
      if (type === 'message') this.listeners.add(listener);
    },
    removeEventListener(_type, listener) {
      this.listeners.delete(listener);
    },
    terminate() {},
  };
}

/**
 * A copy of a message, as structuredClone makes it. A record shared within the message stays shared (a
 * glyph recurs wherever its character does); arrays are copied where they occur, as pdf.js never shares
 * one, which keeps the table of records seen small (it is garbage the moment the copy is made).
 */
export function copyMessage(message: unknown, moved: ReadonlySet<unknown>): unknown {
  return copy(message, moved, new Map());
}

function copy(v: unknown, moved: ReadonlySet<unknown>, seen: Map<object, unknown>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i], moved, seen);
    return out;
  }
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || !isPlain(v)) {
    const out = leaf(v, moved);
    seen.set(v, out);
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  for (const k of Object.keys(v)) out[k] = copy((v as Record<string, unknown>)[k], moved, seen);
  return out;
}

/** Buffers (moved ones as they are) and anything not plain data, which structuredClone copies itself. */
function leaf(v: object, moved: ReadonlySet<unknown>): unknown {
  if (ArrayBuffer.isView(v)) return moved.has(v.buffer) ? v : structuredClone(v);
  if (v instanceof ArrayBuffer) return moved.has(v) ? v : v.slice(0);
  return structuredClone(v);
}

/** Records of data: plain objects and class instances alike (structuredClone keeps only own fields). */
function isPlain(v: object): boolean {
  return !(v instanceof Map || v instanceof Set || v instanceof Date || v instanceof RegExp || v instanceof Error);
}
