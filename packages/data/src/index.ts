// Public API of @otfuse/data.
export {};
