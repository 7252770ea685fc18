// The predicate entry points inside the isolate (see src/predicate for the host side).
// Filled in by the predicate work; registers its entries (load rules, evaluate batches).
export {};
