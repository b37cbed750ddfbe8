import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { toStrictJsonSchema } from '../../src/answer/strict-json-schema.ts';

describe('toStrictJsonSchema', () => {
  it('requires every property, closes every object and keeps types, enums and descriptions', () => {
    const schema = z.object({
      kind: z.enum(['refund', 'reset']).describe('What staff must do.'),
      steps: z.array(z.object({ text: z.string(), done: z.boolean() })),
      note: z.string().nullable().optional(),
    });
    expect(toStrictJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['refund', 'reset'], description: 'What staff must do.' },
        steps: {
          type: 'array',
          items: {
            type: 'object',
            properties: { text: { type: 'string' }, done: { type: 'boolean' } },
            required: ['text', 'done'],
            additionalProperties: false,
          },
        },
        // Optional and nullable: written by the model as null when it has nothing to say.
        note: { type: ['string', 'null'] },
      },
      required: ['kind', 'steps', 'note'],
      additionalProperties: false,
    });
  });

  it('leaves checks on values to zod, which validates the reply', () => {
    const schema = z.strictObject({ text: z.string().min(3).max(80).regex(/^\w/), score: z.number().min(0).max(1), tags: z.array(z.string()).min(1) });
    expect(toStrictJsonSchema(schema)).toEqual({
      type: 'object',
      properties: { text: { type: 'string' }, score: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['text', 'score', 'tags'],
      additionalProperties: false,
    });
  });

  it('keeps a nullable enum as anyOf, its object branches closed too', () => {
    const schema = z.strictObject({ at: z.union([z.enum(['now', 'later']), z.object({ hour: z.number() })]).nullable() });
    const hour = { type: 'object', properties: { hour: { type: 'number' } }, required: ['hour'], additionalProperties: false };
    expect(toStrictJsonSchema(schema)).toEqual({
      type: 'object',
      properties: { at: { anyOf: [{ anyOf: [{ type: 'string', enum: ['now', 'later'] }, hour] }, { type: 'null' }] } },
      required: ['at'],
      additionalProperties: false,
    });
  });

  it.each([
    ['an optional property that cannot be null', z.strictObject({ note: z.string().optional() }), '$.note: an optional property must also be nullable'],
    ['an object of any keys', z.strictObject({ counts: z.record(z.string(), z.number()) }), '$.counts: `propertyNames` is not supported'],
    ['a root that is not an object', z.array(z.string()), 'the root of a strict structured-output schema must be an object'],
    ['a tuple', z.strictObject({ pair: z.tuple([z.string(), z.number()]) }), '$.pair: `prefixItems` is not supported'],
  ])('refuses %s, which strict mode cannot say', (_name, schema, message) => {
    expect(() => toStrictJsonSchema(schema)).toThrow(message);
  });
});
