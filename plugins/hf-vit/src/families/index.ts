import { VisionFamily } from '../family';
import { VIT } from './vit';

export { VIT };

/** Every vision family this plugin registers, one architecture each. */
export const VISION_FAMILIES: readonly VisionFamily[] = [VIT];
