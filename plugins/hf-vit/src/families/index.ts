import { VisionFamily } from '../family';
import { DEIT } from './deit';
import { VIT } from './vit';

export { DEIT, VIT };

/** Every vision family this plugin registers, one architecture each. */
export const VISION_FAMILIES: readonly VisionFamily[] = [VIT, DEIT];
