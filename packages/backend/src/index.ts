// Public API of @otfuse/backend.
export {};
