// Validates a Grafana dashboard JSON file against the dashboard schema that Grafana publishes as the
// npm package @grafana/schema: its TypeScript types are turned into JSON Schema (ts-json-schema-generator)
// and checked with Ajv. Unknown keys are errors, so a misspelt field fails instead of being ignored.
// Also checks each panel's options and custom field config against its panel plugin's schema.
// Works offline once `npm ci` has installed the packages. Usage: node validate-dashboard.mjs FILE
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';

const require = createRequire(import.meta.url);
const schemaPackage = path.dirname(require.resolve('@grafana/schema/package.json'));
const schemaVersion = JSON.parse(readFileSync(path.join(schemaPackage, 'package.json'), 'utf8')).version;
const types = path.join(schemaPackage, 'dist', 'types', 'raw');

// The envelope Grafana adds when a dashboard is exported "for sharing externally": not part of the
// dashboard model, consumed by the import screen.
const importEnvelope = {
	type: 'object',
	additionalProperties: false,
	required: ['__inputs', '__requires'],
	properties: {
		__inputs: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['name', 'label', 'type', 'pluginId', 'pluginName'],
				properties: {
					name: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
					label: { type: 'string' },
					description: { type: 'string' },
					type: { const: 'datasource' },
					pluginId: { type: 'string' },
					pluginName: { type: 'string' },
				},
			},
		},
		__elements: { type: 'object' },
		__requires: {
			type: 'array',
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['type', 'id', 'name', 'version'],
				properties: {
					type: { enum: ['grafana', 'datasource', 'panel'] },
					id: { type: 'string' },
					name: { type: 'string' },
					version: { type: 'string' },
				},
			},
		},
	},
};

function schemaOf(file, type) {
	return createGenerator({ path: file, type, skipTypeCheck: true, additionalProperties: false }).createSchema(type);
}

function panelSchemas(panelType) {
	const file = path.join(types, 'composable', panelType, 'panelcfg', 'x', 'types.gen.d.ts');
	if (!existsSync(file)) {
		return null;
	}
	const source = readFileSync(file, 'utf8');
	return {
		options: /export interface Options\b/.test(source) ? schemaOf(file, 'Options') : null,
		fieldConfig: /export interface FieldConfig\b/.test(source) ? schemaOf(file, 'FieldConfig') : null,
	};
}

function describe(errors) {
	return errors.map((e) => `  ${e.instancePath || '/'} ${e.message}${e.params && e.params.additionalProperty ? `: '${e.params.additionalProperty}'` : ''}`);
}

const file = process.argv[2];
if (!file) {
	console.error('usage: node validate-dashboard.mjs DASHBOARD.json');
	process.exit(2);
}
const document = JSON.parse(readFileSync(file, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const problems = [];

const envelope = {};
const dashboard = {};
for (const [key, value] of Object.entries(document)) {
	(key.startsWith('__') ? envelope : dashboard)[key] = value;
}
if (!ajv.validate(importEnvelope, envelope)) {
	problems.push('import envelope (__inputs, __requires):', ...describe(ajv.errors));
}
if (!ajv.validate(schemaOf(path.join(types, 'dashboard', 'x', 'types.gen.d.ts'), 'Dashboard'), dashboard)) {
	problems.push('dashboard:', ...describe(ajv.errors));
}

const checkedPanelTypes = new Map();
const panels = (dashboard.panels || []).flatMap((panel) => [panel, ...(panel.panels || [])]);
for (const panel of panels) {
	if (panel.type === 'row') {
		continue;
	}
	if (!checkedPanelTypes.has(panel.type)) {
		checkedPanelTypes.set(panel.type, panelSchemas(panel.type));
	}
	const schemas = checkedPanelTypes.get(panel.type);
	if (schemas === null) {
		problems.push(`panel '${panel.title}': no published schema for panel type '${panel.type}'`);
		continue;
	}
	if (schemas.options && !ajv.validate(schemas.options, panel.options || {})) {
		problems.push(`panel '${panel.title}' options:`, ...describe(ajv.errors));
	}
	const custom = panel.fieldConfig && panel.fieldConfig.defaults && panel.fieldConfig.defaults.custom;
	if (schemas.fieldConfig && custom && !ajv.validate(schemas.fieldConfig, custom)) {
		problems.push(`panel '${panel.title}' fieldConfig.defaults.custom:`, ...describe(ajv.errors));
	}
}

const name = file;
if (problems.length > 0) {
	console.error(`${name} does not match @grafana/schema ${schemaVersion}:`);
	console.error(problems.join('\n'));
	process.exit(1);
}
console.log(`${name} matches @grafana/schema ${schemaVersion}: dashboard '${dashboard.uid}', ${panels.length} panels`
	+ ` (options checked for ${[...checkedPanelTypes.keys()].sort().join(', ')})`);
