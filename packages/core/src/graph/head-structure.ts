import { FusionError } from '../errors';
import type { FeatureOrder, HeadStructure, PermutationClass } from './feature-spaces';

/** What a class's heads allow inside a head: reordered freely, never, or as another class's (by class index). */
export type InnerOrder = 'free' | 'fixed' | { follows: number };

/** A head group of resolved classes: its head count, its parent group's name and blocks, its classes by index. */
export interface HeadGroup {
  name: string;
  count: number;
  parent?: { group: string; perParent: number };
  classes: number[];
}

/** Whether two declarations of heads agree on everything but the followed space (compared once resolved). */
export function sameHeadStructure(a: HeadStructure, b: HeadStructure): boolean {
  const within = (h: HeadStructure) => (typeof h.within === 'object' ? `follows ${h.within.follows}` : h.within ?? 'free');
  const parent = (h: HeadStructure) => (h.parent ? `${h.parent.group}/${h.parent.perParent}` : '');
  return a.count === b.count && a.group === b.group && within(a) === within(b) && parent(a) === parent(b);
}

/** The head groups of resolved classes, in the order their first class comes. */
export function headGroups(classes: readonly PermutationClass[]): Map<string, HeadGroup> {
  const groups = new Map<string, HeadGroup>();
  classes.forEach((cls, c) => {
    if (!cls.heads) return;
    const { count, group, parent } = cls.heads;
    const known = groups.get(group);
    if (known) known.classes.push(c);
    else groups.set(group, { name: group, count, parent, classes: [c] });
  });
  return groups;
}

/** Class `c`'s inner order, a followed class resolved to its index (checked by `checkHeadStructure`). */
export function innerOrderOf(classes: readonly PermutationClass[], c: number): InnerOrder {
  const within = classes[c].heads?.within;
  if (typeof within !== 'object') return within ?? 'free';
  return { follows: classes.findIndex((cls) => cls.spaces[0] === within.follows) };
}

/**
 * Checks the heads of resolved classes against each other: a group's classes agree on the head
 * count and the parent; a parent group exists, has no parent itself and has count / perParent
 * heads; a followed class exists, is free inside, is in the same group or the parent group and
 * has heads as wide. Throws `GRAPH_INVALID` naming the classes otherwise.
 */
export function checkHeadStructure(classes: readonly PermutationClass[]): void {
  const groups = headGroups(classes);
  const name = (c: number) => `'${classes[c].spaces[0]}'`;
  const invalid = (message: string) => new FusionError('GRAPH_INVALID', message);
  for (const group of groups.values()) {
    const first = group.classes[0];
    for (const c of group.classes) {
      const heads = classes[c].heads as HeadStructure;
      if (heads.count !== group.count) throw invalid(`classes ${name(first)} and ${name(c)} share head group '${group.name}' but have ${group.count} and ${heads.count} heads`);
      const [p0, p1] = [group.parent, heads.parent].map((p) => (p ? `parent '${p.group}' with ${p.perParent} heads each` : 'no parent'));
      if (p0 !== p1) throw invalid(`classes ${name(first)} and ${name(c)} share head group '${group.name}' but declare ${p0} and ${p1}`);
    }
    if (!group.parent) continue;
    const { group: parentName, perParent } = group.parent;
    const parent = groups.get(parentName);
    if (!parent) throw invalid(`head group '${group.name}' (class ${name(first)}) names parent group '${parentName}', which no permuted class declares`);
    if (parent.parent) throw invalid(`head group '${group.name}' has parent '${parentName}', which has a parent itself; head groups nest one level only`);
    if (!(Number.isInteger(perParent) && perParent >= 1) || parent.count * perParent !== group.count) {
      throw invalid(`head group '${group.name}' has ${group.count} heads, not ${perParent} under each of the ${parent.count} heads of its parent '${parentName}'`);
    }
  }
  classes.forEach((cls, c) => {
    const within = cls.heads?.within;
    if (typeof within !== 'object') return;
    const heads = cls.heads as HeadStructure;
    const t = classes.findIndex((other) => other.spaces[0] === within.follows);
    if (t < 0) throw invalid(`class ${name(c)} follows the inner order of '${within.follows}', which is no permuted class (a space other than a class's first, or one no axis permutes)`);
    const target = classes[t].heads;
    if (!target || (target.group !== heads.group && target.group !== heads.parent?.group)) {
      throw invalid(`class ${name(c)} follows ${name(t)}, whose heads are neither in its group '${heads.group}' nor in its parent group`);
    }
    if ((target.within ?? 'free') !== 'free') throw invalid(`class ${name(c)} follows ${name(t)}, whose heads are not free inside`);
    if (cls.width / heads.count !== classes[t].width / target.count) {
      throw invalid(`class ${name(c)} has heads of ${cls.width / heads.count} features but follows ${name(t)}, whose heads have ${classes[t].width / target.count}`);
    }
  });
}

/**
 * The order of the `headCount` heads of a group, from the order of its parent's heads (when it has
 * one) and one order of `perParent` heads per parent position: target head `p·r + i` holds source
 * head `parentOrder[p]·r + inner(p)[i]`.
 */
export function childHeadOrder(parentOrder: FeatureOrder, perParent: number, inner: (p: number) => FeatureOrder): FeatureOrder {
  const order = new Int32Array(parentOrder.length * perParent);
  parentOrder.forEach((source, p) => inner(p).forEach((i, k) => (order[p * perParent + k] = source * perParent + i)));
  return order;
}

/**
 * A class's order of `width` features in `headOrder.length` heads of `d`: target head a holds
 * source head `headOrder[a]`, its features in the order `inner(a)` (indices inside the head).
 */
export function headsInOrder(width: number, headOrder: FeatureOrder, inner: (a: number) => ArrayLike<number> | undefined): FeatureOrder {
  const d = width / headOrder.length;
  const order = new Int32Array(width);
  headOrder.forEach((source, a) => {
    const within = inner(a);
    for (let t = 0; t < d; t++) order[a * d + t] = source * d + (within ? within[t] : t);
  });
  return order;
}

/** The order inside target head `a` of a class's order with heads of `d` features: indices inside the source head. */
export function innerAt(order: FeatureOrder, d: number, a: number): Int32Array {
  const inner = new Int32Array(d);
  for (let t = 0; t < d; t++) inner[t] = order[a * d + t] % d;
  return inner;
}

/** The head of the followed class's group that head `a` of class `c` follows: `a` in its own group, `⌊a / perParent⌋` in its parent. */
export function followedHead(classes: readonly PermutationClass[], c: number, followed: number, a: number): number {
  const heads = classes[c].heads as HeadStructure;
  return classes[followed].heads?.group === heads.group ? a : Math.floor(a / (heads.parent as { perParent: number }).perParent);
}
