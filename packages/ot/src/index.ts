// Public API of @otfuse/ot.
export {};
