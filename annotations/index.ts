/** The annotation model: pure data, operations and formats. Re-exports only. */
export * from './offsets.js';
export * from './normalize.js';
export * from './ids.js';
export * from './schema.js';
export * from './model.js';
export * from './text.js';
export * from './operations.js';
export * from './validate.js';
export * from './anchoring.js';
export * from './brat.js';
export * from './article.js';
export * from './clean.js';
export * from './operation-schema.js';
