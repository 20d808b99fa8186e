import { container as root } from 'tsyringe';
import { ExtensionError } from './errors';
import { type Extension, addExtensions, extensionPoint, nounOf } from './extension';
import { Registry } from './registry';

interface Widget extends Extension {
  size: number;
}

const WIDGET = extensionPoint<Widget>('widget');
const widget = (id: string, size = 1): Widget => ({ id, description: `widget ${id}`, parameters: [], size });

describe('Registry', () => {
  it('keeps registration order and looks members up by id', () => {
    const registry = new Registry('widget', [widget('b'), widget('a')]);
    expect(registry.ids()).toEqual(['b', 'a']);
    expect(registry.get('a').description).toBe('widget a');
    expect(registry.has('c')).toBe(false);
    expect(() => registry.get('c')).toThrow("widget 'c' not found; available: b, a");
  });

  it('refuses a duplicate id', () => {
    expect(() => new Registry('widget', [widget('a'), widget('a')])).toThrow(new ExtensionError('DUPLICATE_ID', "widget 'a' is registered twice"));
  });

  it('reads what a container holds under an extension point, in a parent too', () => {
    expect(nounOf(WIDGET)).toBe('widget');
    const parent = root.createChildContainer();
    addExtensions(parent, WIDGET, [widget('x', 2), widget('y', 3)]);
    expect(Registry.of(parent.createChildContainer(), WIDGET).list().map((w) => [w.id, w.size])).toEqual([
      ['x', 2],
      ['y', 3],
    ]);
    expect(Registry.of(root.createChildContainer(), WIDGET).ids()).toEqual([]);
    expect(() => Registry.of(root.createChildContainer(), WIDGET).get('x')).toThrow("widget 'x' not found; available: none");
  });
});
