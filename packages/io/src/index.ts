// Public API of @otfuse/io.
export {};
