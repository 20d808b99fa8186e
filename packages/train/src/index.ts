// Public API of @otfuse/train.
export {};
