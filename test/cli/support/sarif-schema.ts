// The part of the SARIF 2.1.0 schema (OASIS sarif-schema-2.1.0.json) that the checker's output
// uses, written out here: closed objects (additionalProperties: false) as in the standard, the
// required properties, enumerations and formats. The full schema is not in any installed package;
// test/cli/formats.test.ts also validates against it when one is available (see there).

const message = {
  type: 'object',
  additionalProperties: false,
  properties: { text: { type: 'string' }, markdown: { type: 'string' }, id: { type: 'string' }, arguments: { type: 'array', items: { type: 'string' } } },
  anyOf: [{ required: ['text'] }, { required: ['id'] }],
};
const multiformatMessage = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: { text: { type: 'string' }, markdown: { type: 'string' } },
};
const propertyBag = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, uniqueItems: true } } };
const level = { enum: ['none', 'note', 'warning', 'error'] };

export const SARIF_SUBSET_SCHEMA = {
  $id: 'https://cdk8s-windows.invalid/sarif-2.1.0-subset.json',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: { type: 'array', items: { $ref: '#/definitions/run' } },
    properties: propertyBag,
  },
  definitions: {
    run: {
      type: 'object',
      additionalProperties: false,
      required: ['tool'],
      properties: {
        tool: {
          type: 'object',
          additionalProperties: false,
          required: ['driver'],
          properties: { driver: { $ref: '#/definitions/toolComponent' }, properties: propertyBag },
        },
        invocations: { type: 'array', items: { $ref: '#/definitions/invocation' } },
        results: { type: 'array', items: { $ref: '#/definitions/result' } },
        properties: propertyBag,
      },
    },
    toolComponent: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        informationUri: { type: 'string', format: 'uri' },
        rules: { type: 'array', uniqueItems: true, items: { $ref: '#/definitions/reportingDescriptor' } },
        properties: propertyBag,
      },
    },
    reportingDescriptor: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        shortDescription: multiformatMessage,
        fullDescription: multiformatMessage,
        help: multiformatMessage,
        helpUri: { type: 'string', format: 'uri' },
        defaultConfiguration: {
          type: 'object',
          additionalProperties: false,
          properties: { level, enabled: { type: 'boolean' }, rank: { type: 'number' }, properties: propertyBag },
        },
        properties: propertyBag,
      },
    },
    invocation: {
      type: 'object',
      additionalProperties: false,
      required: ['executionSuccessful'],
      properties: {
        executionSuccessful: { type: 'boolean' },
        toolExecutionNotifications: { type: 'array', items: { $ref: '#/definitions/notification' } },
        properties: propertyBag,
      },
    },
    notification: {
      type: 'object',
      additionalProperties: false,
      required: ['message'],
      properties: { message, level, locations: { type: 'array', items: { $ref: '#/definitions/location' } }, properties: propertyBag },
    },
    result: {
      type: 'object',
      additionalProperties: false,
      required: ['message'],
      properties: {
        ruleId: { type: 'string' },
        ruleIndex: { type: 'integer', minimum: -1 },
        level,
        message,
        locations: { type: 'array', items: { $ref: '#/definitions/location' } },
        suppressions: {
          type: 'array',
          uniqueItems: true,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['kind'],
            properties: {
              kind: { enum: ['inSource', 'external'] },
              justification: { type: 'string' },
              status: { enum: ['accepted', 'underReview', 'rejected'] },
              properties: propertyBag,
            },
          },
        },
        properties: propertyBag,
      },
    },
    location: {
      type: 'object',
      additionalProperties: false,
      properties: {
        physicalLocation: {
          type: 'object',
          additionalProperties: false,
          properties: {
            artifactLocation: {
              type: 'object',
              additionalProperties: false,
              properties: { uri: { type: 'string', format: 'uri-reference' }, uriBaseId: { type: 'string' }, index: { type: 'integer' } },
            },
            region: {
              type: 'object',
              additionalProperties: false,
              properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 } },
            },
          },
        },
        logicalLocations: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { name: { type: 'string' }, fullyQualifiedName: { type: 'string' }, kind: { type: 'string' } },
          },
        },
        properties: propertyBag,
      },
    },
  },
};
