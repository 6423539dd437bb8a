//! Loads an OpenAPI 3.0 document, resolves it and lowers it to the intermediate model.
