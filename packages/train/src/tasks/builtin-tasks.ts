import { type ExtensionContainer, Registry, addExtensions } from '@otfuse/extension';
import { causalLm } from './causal-lm';
import { classification } from './classification';
import { features } from './features';
import { maskedLm } from './masked-lm';
import { spanQa } from './span-qa';
import { TASK, type Task } from './task';
import { tokenClassification } from './token-classification';

/** The tasks this package provides, by id. */
export const TASKS = new Registry<Task>('task', [classification, tokenClassification, spanQa, maskedLm, causalLm, features]);

/** Binds every built-in task in a dependency-injection container. */
export function register(container: ExtensionContainer): void {
  addExtensions(container, TASK, TASKS.list());
}
