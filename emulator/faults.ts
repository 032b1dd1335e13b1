import type { ParsedFaultSpec, QueuedFault } from "./control-schemas";
import { seededRandom } from "./seeded-random";

interface Entry {
  readonly id: string;
  readonly spec: ParsedFaultSpec;
  readonly random: () => number;
  remaining: number | undefined;
  fired: number;
}

/**
 * Queued faults, checked in the order they were added. The first fault that matches a request
 * and fires wins; a fault with a count is used up by the requests it fires on.
 */
export class FaultQueue {
  private entries: Entry[] = [];
  private nextId = 1;

  constructor(private readonly defaultRandom: () => number = Math.random) {}

  add(spec: ParsedFaultSpec): QueuedFault {
    // With neither count nor fraction the natural reading is "the next request", not "forever".
    const remaining = spec.count ?? (spec.fraction === undefined ? 1 : undefined);
    const entry: Entry = {
      id: `fault-${this.nextId++}`,
      spec,
      random: spec.seed === undefined ? this.defaultRandom : seededRandom(spec.seed),
      remaining,
      fired: 0,
    };
    this.entries.push(entry);
    return describe(entry);
  }

  /** The fault to apply to a request for `methodName`, consuming it; undefined for none. */
  take(methodName: string | undefined): ParsedFaultSpec | undefined {
    for (const entry of this.entries) {
      const methods = entry.spec.methods;
      if (methods !== undefined && (methodName === undefined || !methods.includes(methodName))) continue;
      if (entry.spec.fraction !== undefined && !(entry.random() < entry.spec.fraction)) continue;
      entry.fired++;
      if (entry.remaining !== undefined) {
        entry.remaining--;
        if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
      }
      return entry.spec;
    }
    return undefined;
  }

  clear(): void {
    this.entries = [];
  }

  list(): QueuedFault[] {
    return this.entries.map(describe);
  }
}

function describe(entry: Entry): QueuedFault {
  return {
    id: entry.id,
    kind: entry.spec.kind,
    methods: entry.spec.methods ?? null,
    remaining: entry.remaining ?? null,
    fraction: entry.spec.fraction ?? null,
    fired: entry.fired,
  };
}
