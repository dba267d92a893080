// Checks requests and responses against Atlassian's published OpenAPI description of the Jira Cloud platform REST
// API (../shared/reference/jira/swagger-v3.v3.json), so the emulator cannot drift from what Jira really serves and
// the app cannot call what Jira does not have.
//
// The spec (2.4 MB) is read once, on first use. Its OpenAPI 3.0 schemas are converted for Ajv: `nullable` becomes a
// JSON Schema null type, `oneOf` becomes `anyOf` (the spec's polymorphic beans overlap), `x-*`, examples and
// discriminators are dropped, a `readOnly` property is not required of a request nor a `writeOnly` one of a response,
// and `#/components/schemas/X` refs point into one Ajv schema per direction. `additionalProperties` is kept as
// the spec writes it: where Atlassian allows extra properties the spec says so (`{}` or `true`), and where it
// says `false` an extra property is a real difference from Jira; the one exception is `false` beside a bare
// combinator with no `properties`, which would refuse every object and is a generator artefact.

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

export interface ContractRequest {
  method: string;
  /** e.g. '/rest/api/3/issue/ALPHA-1/transitions', without the /ex/jira/{cloudId} prefix. */
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface SpecOperationSummary {
  operationId: string;
  deprecated?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface SpecParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonObject;
}

interface SpecMedia {
  schema?: JsonObject;
}

interface SpecOperation {
  operationId: string;
  deprecated?: boolean;
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content?: Record<string, SpecMedia> };
  responses?: Record<string, { content?: Record<string, SpecMedia> }>;
}

interface Spec {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonObject> };
}

interface Route {
  template: string;
  /** Each segment: a literal, or null for a `{param}`. */
  segments: Array<string | null>;
  params: string[];
  operations: Map<string, SpecOperation>;
}

type Direction = 'request' | 'response';

const SPEC_URL = new URL('../../../../shared/reference/jira/swagger-v3.v3.json', import.meta.url);
const SCHEMA_ID: Record<Direction, string> = {
  request: 'https://jira-emulator.invalid/spec/request.json',
  response: 'https://jira-emulator.invalid/spec/response.json',
};
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const JSON_TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const JSON_MEDIA = ['application/json', 'application/json-patch+json'];

/** Facts from Atlassian's documentation that the spec records only as "deprecated". */
const REMOVED: Record<string, string> = {
  'GET /rest/api/3/search': 'removed by Atlassian (HTTP 410); use /rest/api/3/search/jql with nextPageToken',
  'POST /rest/api/3/search': 'removed by Atlassian (HTTP 410); use /rest/api/3/search/jql with nextPageToken',
  'GET /rest/api/3/issue/createmeta': 'use /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes instead',
};

// ---------------------------------------------------------------------------------------------------------------
// Loading (once, lazily)

interface Loaded {
  routes: Route[];
  byTemplate: Map<string, Route>;
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
}

let loaded: Loaded | undefined;

function normalizeTemplate(template: string): string {
  return template.replace(/\{[^}/]*\}/g, '{}');
}

function load(): Loaded {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as Spec;
  const routes: Route[] = [];
  const byTemplate = new Map<string, Route>();
  for (const [template, item] of Object.entries(spec.paths)) {
    const operations = new Map<string, SpecOperation>();
    for (const [method, op] of Object.entries(item)) {
      if (HTTP_METHODS.has(method)) operations.set(method.toUpperCase(), op as SpecOperation);
    }
    const parts = template.split('/');
    const route: Route = {
      template,
      segments: parts.map((s) => (/^\{[^}]+\}$/.test(s) ? null : s)),
      params: parts.filter((s) => /^\{[^}]+\}$/.test(s)).map((s) => s.slice(1, -1)),
      operations,
    };
    routes.push(route);
    byTemplate.set(normalizeTemplate(template), route);
  }

  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  formatsModule.default(ajv);
  // Jira writes offsets without a colon ("2019-06-01T12:42:30.000+0000"), which RFC 3339 does not allow.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i);
  for (const direction of ['request', 'response'] as const) {
    const definitions: JsonObject = {};
    for (const [name, schema] of Object.entries(spec.components.schemas)) {
      definitions[name] = convert(schema, direction);
    }
    ajv.addSchema({ $id: SCHEMA_ID[direction], definitions });
  }
  loaded = { routes, byTemplate, ajv, validators: new Map() };
  return loaded;
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAPI 3.0 schema → JSON Schema for Ajv

const DROPPED = new Set([
  'example',
  'examples',
  'discriminator',
  'xml',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
  'description',
  'title',
]);
const DATA_VALUED = new Set(['enum', 'default', 'const']);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a property's schema is marked readOnly (request) or writeOnly (response). */
function hiddenIn(direction: Direction, prop: Json | undefined): boolean {
  if (!isObject(prop)) return false;
  return direction === 'request' ? prop.readOnly === true : prop.writeOnly === true;
}

function convert(node: Json, direction: Direction): Json {
  if (Array.isArray(node)) return node.map((n) => convert(n, direction));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k) || k.startsWith('x-')) continue;
    if (DATA_VALUED.has(k)) {
      out[k] = v;
    } else if (k === '$ref' && typeof v === 'string') {
      out.$ref = v.replace(/^#\/components\/schemas\//, `${SCHEMA_ID[direction]}#/definitions/`);
    } else if (k === 'properties' && isObject(v)) {
      const props: JsonObject = {};
      for (const [name, schema] of Object.entries(v)) props[name] = convert(schema, direction);
      out.properties = props;
    } else if (k === 'required' && Array.isArray(v)) {
      const props = isObject(node.properties) ? node.properties : {};
      const required = v.filter((name) => typeof name === 'string' && !hiddenIn(direction, props[name]));
      if (required.length > 0) out.required = required;
    } else if (k === 'oneOf') {
      out.anyOf = convert(v, direction);
    } else if (k === 'additionalProperties') {
      const bareCombinator = (node.allOf || node.anyOf || node.oneOf) && !node.properties;
      if (v === false && bareCombinator) continue;
      out.additionalProperties = convert(v, direction);
    } else if (k === 'type') {
      if (typeof v === 'string' && JSON_TYPES.has(v)) out.type = v;
    } else {
      out[k] = convert(v, direction);
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

function validatorFor(key: string, schema: JsonObject, direction: Direction): ValidateFunction {
  const l = load();
  let v = l.validators.get(key);
  if (!v) {
    v = l.ajv.compile(convert(schema, direction) as JsonObject);
    l.validators.set(key, v);
  }
  return v;
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  const out = new Set<string>();
  for (const e of errors ?? []) {
    const at = e.instancePath === '' ? '/' : e.instancePath;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties') {
      out.add(`${where} ${at}: unexpected property '${String(params.additionalProperty)}'`);
    } else if (e.keyword === 'required') {
      out.add(`${where} ${at}: missing required property '${String(params.missingProperty)}'`);
    } else if (e.keyword === 'enum') {
      out.add(`${where} ${at}: must be one of ${JSON.stringify(params.allowedValues)}`);
    } else {
      out.add(`${where} ${at}: ${e.message ?? e.keyword}`);
    }
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------------------------
// Routing

/** The most specific template for a concrete path: at the first segment where two differ, a literal wins. */
function bestRoute(path: string): Route | null {
  const parts = path.split('/');
  let best: Route | null = null;
  for (const r of load().routes) {
    if (r.segments.length !== parts.length) continue;
    if (!r.segments.every((s, i) => (s === null ? parts[i] !== '' : s === parts[i]))) continue;
    if (best === null || moreSpecific(r, best)) best = r;
  }
  return best;
}

function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const la = a.segments[i] !== null;
    const lb = b.segments[i] !== null;
    if (la !== lb) return la;
  }
  return false;
}

function stripPrefix(path: string): string {
  const bare = path.split('?')[0] ?? path;
  return bare.replace(/^\/ex\/jira\/[^/]+(?=\/)/, '');
}

export function matchRoute(
  method: string,
  path: string,
): { template: string; operation: { operationId: string; deprecated?: boolean } } | null {
  const route = bestRoute(stripPrefix(path));
  const op = route?.operations.get(method.toUpperCase());
  if (!route || !op) return null;
  return {
    template: route.template,
    operation: op.deprecated ? { operationId: op.operationId, deprecated: true } : { operationId: op.operationId },
  };
}

export function specHasRoute(method: string, template: string): { exists: boolean; deprecated: boolean } {
  const op = load().byTemplate.get(normalizeTemplate(template))?.operations.get(method.toUpperCase());
  return { exists: op !== undefined, deprecated: op?.deprecated === true };
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters

function checkScalar(value: string, schema: JsonObject | undefined): string | null {
  if (!schema) return null;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    return `must be one of ${JSON.stringify(schema.enum)}`;
  }
  switch (schema.type) {
    case 'integer':
      return /^-?\d+$/.test(value) ? null : 'must be an integer';
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? null : 'must be a number';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'must be true or false';
    case 'array': {
      const items = isObject(schema.items) ? schema.items : undefined;
      for (const part of value.split(',')) {
        const problem = checkScalar(part, items);
        if (problem) return `item '${part}' ${problem}`;
      }
      return null;
    }
    default:
      return null;
  }
}

function checkParameters(route: Route, op: SpecOperation, path: string, query: Record<string, string>): string[] {
  const problems: string[] = [];
  const parts = path.split('/');
  const pathValues = new Map<string, string>();
  route.segments.forEach((s, i) => {
    if (s === null) {
      const name = route.template.split('/')[i]!.slice(1, -1);
      let value = parts[i] ?? '';
      try {
        value = decodeURIComponent(value);
      } catch {
        problems.push(`path parameter '${name}' is not valid percent-encoding: '${value}'`);
      }
      pathValues.set(name, value);
    }
  });
  for (const p of op.parameters ?? []) {
    if (p.in === 'path') {
      const value = pathValues.get(p.name);
      if (value === undefined || value === '') {
        problems.push(`missing required path parameter '${p.name}'`);
        continue;
      }
      const problem = checkScalar(value, p.schema);
      if (problem) problems.push(`path parameter '${p.name}' ${problem} (got '${value}')`);
    } else if (p.in === 'query') {
      const value = query[p.name];
      if (value === undefined) {
        if (p.required) problems.push(`missing required query parameter '${p.name}'`);
        continue;
      }
      const problem = checkScalar(value, p.schema);
      if (problem) problems.push(`query parameter '${p.name}' ${problem} (got '${value}')`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests and responses

function jsonSchemaOf(content: Record<string, SpecMedia> | undefined): { media: string; schema: JsonObject } | null {
  for (const media of JSON_MEDIA) {
    const schema = content?.[media]?.schema;
    if (schema) return { media, schema };
  }
  return null;
}

const hasBody = (body: unknown): boolean => body !== undefined && body !== null && body !== '';

/**
 * Bodies the operation's own description documents but its schema does not allow. Kept to the exact
 * documented form: "If `accountId` is set to `null`, the issue is set to unassigned."
 */
const DOCUMENTED_BODIES: Record<string, (body: unknown) => boolean> = {
  'PUT /rest/api/3/issue/{issueIdOrKey}/assignee': (b) =>
    typeof b === 'object' &&
    b !== null &&
    Object.keys(b).length === 1 &&
    (b as { accountId?: unknown }).accountId === null,
};

export function validateRequest(req: ContractRequest): string[] {
  const method = req.method.toUpperCase();
  const path = stripPrefix(req.path);
  const route = bestRoute(path);
  if (!route) return [`${method} ${path}: no operation in Atlassian's spec has this path`];
  const op = route.operations.get(method);
  if (!op) {
    const allowed = [...route.operations.keys()].join(', ');
    return [`${method} ${path}: ${route.template} has no ${method} operation in Atlassian's spec (it has ${allowed})`];
  }
  const problems: string[] = [];
  const name = `${method} ${route.template}`;
  if (op.deprecated) {
    const note = REMOVED[name];
    problems.push(`${name} (${op.operationId}) is deprecated in Atlassian's spec${note ? `: ${note}` : ''}`);
  }
  problems.push(...checkParameters(route, op, path, req.query));
  const rb = op.requestBody;
  if (!rb) {
    if (hasBody(req.body)) problems.push(`${name} takes no request body`);
    return problems;
  }
  if (!hasBody(req.body)) {
    if (rb.required) problems.push(`${name}: the request body is required`);
    return problems;
  }
  const json = jsonSchemaOf(rb.content);
  if (json && DOCUMENTED_BODIES[name]?.(req.body)) return problems;
  if (json) {
    const validate = validatorFor(`request ${name}`, json.schema, 'request');
    if (!validate(req.body)) problems.push(...describeErrors('request body', validate.errors));
  }
  return problems;
}

export function validateResponse(method: string, template: string, status: number, body: unknown): string[] {
  const m = method.toUpperCase();
  const route = load().byTemplate.get(normalizeTemplate(template));
  const op = route?.operations.get(m);
  if (!route || !op) return [`${m} ${template}: no such operation in Atlassian's spec`];
  const responses = op.responses ?? {};
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  if (!response) return [];
  const json = jsonSchemaOf(response.content);
  if (!json) return [];
  const where = `response ${status} of ${m} ${route.template}`;
  if (body === undefined) return [`${where}: the spec defines a JSON body but none was sent`];
  const validate = validatorFor(`response ${m} ${route.template} ${status}`, json.schema, 'response');
  return validate(body) ? [] : describeErrors(where, validate.errors);
}
