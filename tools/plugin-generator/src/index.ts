// Public API of @otfuse/tools: the workspace's Nx generators, callable from code too.
export { default as pluginGenerator, addPath, checkPluginName, NAME_PATTERN, PLUGIN_LIST } from './plugin/generator';
export { parsePluginList, renderPluginList } from './plugin/plugin-list';
export type { PluginGeneratorSchema } from './plugin/schema';
