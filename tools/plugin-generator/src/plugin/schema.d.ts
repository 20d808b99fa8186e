/** Options of `nx g @otfuse/tools:plugin`; documented in schema.json. */
export interface PluginGeneratorSchema {
  name: string;
  description?: string;
  registerInCli?: boolean;
}
