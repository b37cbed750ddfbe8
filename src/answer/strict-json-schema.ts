import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** Keywords that give the shape the model must write: kept. */
const SHAPE = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'description']);
/** Checks on values that zod makes again on the reply: left out, so the request holds only what every strict model accepts. */
const VALUE_CHECKS = new Set([
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);

const isNullable = (s: JsonSchema): boolean =>
  s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null')) || (Array.isArray(s.anyOf) && (s.anyOf as JsonSchema[]).some(isNullable));

function strict(node: JsonSchema, path: string): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (VALUE_CHECKS.has(keyword)) continue;
    if (!SHAPE.has(keyword)) throw new Error(`${path}: \`${keyword}\` is not supported (strict structured outputs take a plain shape)`);
    out[keyword] = value;
  }
  if (node.type === 'object') {
    if (node.additionalProperties !== undefined && node.additionalProperties !== false) throw new Error(`${path}: an object must have fixed properties`);
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((node.required ?? []) as string[]);
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, schema]) => {
        // Strict mode wants every property written: an optional one is written as null instead.
        if (!required.has(name) && !isNullable(schema)) throw new Error(`${path}.${name}: an optional property must also be nullable`);
        return [name, strict(schema, `${path}.${name}`)];
      }),
    );
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  if (node.items !== undefined) out.items = strict(node.items as JsonSchema, `${path}[]`);
  if (Array.isArray(node.anyOf)) out.anyOf = (node.anyOf as JsonSchema[]).map((branch, i) => strict(branch, `${path}|${i}`));
  return out;
}

/**
 * The JSON schema of a zod object schema for OpenAI's strict structured outputs: every property
 * required (an optional one must be nullable), no other property allowed, only the keywords strict
 * mode takes. Checks on values (lengths, ranges) stay in zod, which validates the reply. Throws on
 * a shape strict mode cannot say (a record, a tuple, a root that is not an object).
 */
export function toStrictJsonSchema(schema: z.ZodType): JsonSchema {
  // The model writes what the schema parses: its input side.
  const { $schema: _dialect, ...root } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' });
  if (root.type !== 'object') throw new Error('the root of a strict structured-output schema must be an object');
  return strict(root, '$');
}
