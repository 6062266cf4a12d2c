// Runs the record-upsert RESTlet under node with small stand-ins for the N/ modules it uses.
//
// stdin: {"account": {"features": {...}, "timeZone": "...", "records": {"customer": [...]}},
//         "calls": [{"method": "post", "body": {...}} | {"method": "get", "params": {...}}]}
// stdout: {"results": [{"ok": <answer>} | {"error": {"code", "message"}}],
//          "records": {"salesorder": [{id, fields, sublists, subrecords}]}, "removed": n}
//
// The stand-ins behave as standard-mode records do: fields and sublist fields the record type
// does not have come back as null from getField / getSublistField, lines are 0-based, and
// nothing is stored until save().
'use strict';

const fs = require('fs');
const path = require('path');

const SCRIPT = path.join(__dirname, '..', '..', '..', 'integrations', 'netsuite', 'suitescript',
    'scnp_record_upsert.js');

const ADDRESS = {addressee: 'text', attention: 'text', addr1: 'text', addr2: 'text',
    city: 'text', state: 'text', zip: 'text', country: 'select', addrphone: 'phone'};
const TYPES = {
    salesorder: {
        fields: {customform: 'select', entity: 'select', subsidiary: 'select', currency: 'select',
            trandate: 'date', shipdate: 'date', otherrefnum: 'text', memo: 'textarea', externalid: 'text',
            orderstatus: 'select', location: 'select', shipmethod: 'select',
            shippingcost: 'currency', shippingaddress: 'summary', billingaddress: 'summary'},
        subrecords: {shippingaddress: ADDRESS, billingaddress: ADDRESS},
        sublists: {item: {item: 'select', quantity: 'float', rate: 'currency', amount: 'currency',
            taxcode: 'select', tax1amt: 'currency', description: 'textarea', location: 'select'}},
    },
    customer: {fields: {externalid: 'text', companyname: 'text'}, subrecords: {}, sublists: {}},
};

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const account = input.account || {};
const store = {};
let nextId = 5001;
let removed = 0;

Object.keys(account.records || {}).forEach((type) => {
    store[type] = (account.records[type] || []).map((r) => ({
        id: String(r.id), fields: Object.assign({}, r.fields), sublists: r.sublists || {},
        subrecords: r.subrecords || {},
    }));
});

class SuiteScriptError extends Error {
    constructor(name, message) {
        super(message);
        this.name = name;
    }
}

const copy = (value) => structuredClone(value);

class Subrecord {
    constructor(schema, values) {
        this.schema = schema;
        this.values = values;
    }

    getField({fieldId}) {
        return this.schema[fieldId] ? {id: fieldId, type: this.schema[fieldId]} : null;
    }

    setValue({fieldId, value}) {
        if (!this.schema[fieldId]) {
            throw new SuiteScriptError('SSS_INVALID_FIELD', `no field ${fieldId}`);
        }
        this.values[fieldId] = value;
        return this;
    }
}

class StandardRecord {
    constructor(type, stored) {
        if (!TYPES[type]) {
            throw new SuiteScriptError('INVALID_RCRD_TYPE', `The record type [${type}] is invalid.`);
        }
        this.type = type;
        this.schema = TYPES[type];
        this.id = stored ? stored.id : null;
        this.fields = stored ? copy(stored.fields) : {};
        this.lines = stored ? copy(stored.sublists) : {};
        this.subrecords = stored ? copy(stored.subrecords) : {};
    }

    getField({fieldId}) {
        const type = this.schema.fields[fieldId];
        return type ? {id: fieldId, type: type} : null;
    }

    setValue({fieldId, value}) {
        if (!this.schema.fields[fieldId]) {
            throw new SuiteScriptError('SSS_INVALID_FIELD', `no field ${fieldId}`);
        }
        if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
            throw new SuiteScriptError('INVALID_FLD_VALUE', `${fieldId} takes a scalar`);
        }
        this.fields[fieldId] = value;
        return this;
    }

    getSubrecord({fieldId}) {
        const schema = this.schema.subrecords[fieldId];
        if (!schema) {
            throw new SuiteScriptError('FIELD_1_IS_NOT_A_SUBRECORD_FIELD', fieldId);
        }
        this.subrecords[fieldId] = this.subrecords[fieldId] || {};
        return new Subrecord(schema, this.subrecords[fieldId]);
    }

    getSublists() {
        return Object.keys(this.schema.sublists);
    }

    sublist(sublistId) {
        if (!this.schema.sublists[sublistId]) {
            throw new SuiteScriptError('SSS_INVALID_SUBLIST_OPERATION', sublistId);
        }
        this.lines[sublistId] = this.lines[sublistId] || [];
        return this.lines[sublistId];
    }

    line(sublistId, line) {
        const lines = this.sublist(sublistId);
        if (!Number.isInteger(line) || line < 0 || line >= lines.length) {
            throw new SuiteScriptError('SSS_INVALID_SUBLIST_OPERATION', `line ${line}`);
        }
        return lines[line];
    }

    getLineCount({sublistId}) {
        return this.sublist(sublistId).length;
    }

    insertLine({sublistId, line}) {
        const lines = this.sublist(sublistId);
        if (!Number.isInteger(line) || line < 0 || line > lines.length) {
            throw new SuiteScriptError('SSS_INVALID_SUBLIST_OPERATION', `insert at ${line}`);
        }
        lines.splice(line, 0, {});
        return this;
    }

    removeLine({sublistId, line}) {
        this.line(sublistId, line);
        this.sublist(sublistId).splice(line, 1);
        removed += 1;
        return this;
    }

    getSublistField({sublistId, fieldId, line}) {
        this.line(sublistId, line);
        const type = this.schema.sublists[sublistId][fieldId];
        return type ? {id: fieldId, type: type, sublistId: sublistId} : null;
    }

    setSublistValue({sublistId, fieldId, line, value}) {
        if (!this.schema.sublists[sublistId][fieldId]) {
            throw new SuiteScriptError('SSS_INVALID_FIELD', `no field ${sublistId}.${fieldId}`);
        }
        if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
            throw new SuiteScriptError('INVALID_FLD_VALUE', `${fieldId} takes a scalar`);
        }
        this.line(sublistId, line)[fieldId] = value;
        return this;
    }

    getSublistSubrecord({sublistId, fieldId}) {
        throw new SuiteScriptError('FIELD_1_IS_NOT_A_SUBRECORD_FIELD', `${sublistId}.${fieldId}`);
    }

    save() {
        if (this.type === 'salesorder' && !this.fields.entity) {
            throw new SuiteScriptError('USER_ERROR',
                'Please enter value(s) for: Customer');
        }
        if (this.id === null) {
            this.id = String(nextId);
            nextId += 1;
        }
        const rows = store[this.type] = store[this.type] || [];
        const kept = {id: this.id, fields: this.fields, sublists: this.lines,
            subrecords: this.subrecords};
        const at = rows.findIndex((r) => r.id === this.id);
        if (at === -1) {
            rows.push(kept);
        } else {
            rows[at] = kept;
        }
        return Number(this.id);
    }
}

const modules = {
    'N/record': {
        create: ({type, isDynamic}) => {
            if (isDynamic !== false) {
                throw new SuiteScriptError('HARNESS', 'the RESTlet must use standard mode');
            }
            return new StandardRecord(type, null);
        },
        load: ({type, id, isDynamic}) => {
            if (isDynamic !== false) {
                throw new SuiteScriptError('HARNESS', 'the RESTlet must use standard mode');
            }
            const found = (store[type] || []).find((r) => r.id === String(id));
            if (!found) {
                throw new SuiteScriptError('RCRD_DSNT_EXIST', 'That record does not exist.');
            }
            return new StandardRecord(type, found);
        },
    },
    'N/search': {
        create: ({type, filters}) => {
            const [[field, operator, value]] = filters;
            if (field !== 'externalid' || operator !== 'anyof') {
                throw new SuiteScriptError('HARNESS', `unexpected filter ${JSON.stringify(filters)}`);
            }
            const matches = (store[type] || []).filter((r) => r.fields.externalid === value);
            return {run: () => ({getRange: ({start, end}) =>
                matches.slice(start, end).map((r) => ({id: r.id}))})};
        },
    },
    'N/runtime': {
        isFeatureInEffect: ({feature}) => Boolean((account.features || {})[feature]),
    },
    'N/config': {
        Type: {COMPANY_INFORMATION: 'companyinformation'},
        load: ({type}) => {
            if (type !== 'companyinformation') {
                throw new SuiteScriptError('INVALID_RCRD_TYPE', type);
            }
            return {getValue: ({fieldId}) => (fieldId === 'timezone' ? account.timeZone : null)};
        },
    },
    'N/format': {
        // The user's date format preference, as NetSuite's default for US accounts: M/D/YYYY.
        Type: {DATE: 'date'},
        format: ({value, type}) => {
            if (type !== 'date' || !(value instanceof Date)) {
                throw new SuiteScriptError('HARNESS', 'format() takes a Date');
            }
            return `${value.getMonth() + 1}/${value.getDate()}/${value.getFullYear()}`;
        },
        parse: ({value, type}) => {
            const parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
            if (type !== 'date' || !parts) {
                return value;
            }
            return new Date(Number(parts[3]), Number(parts[1]) - 1, Number(parts[2]));
        },
    },
    'N/error': {
        create: ({name, message}) => new SuiteScriptError(name, message),
    },
};

let entryPoints = null;
global.define = (deps, factory) => {
    entryPoints = factory(...deps.map((name) => {
        if (!modules[name]) {
            throw new Error(`the script asks for ${name}, which the harness does not offer`);
        }
        return modules[name];
    }));
};
require(SCRIPT);

const results = (input.calls || []).map((call) => {
    try {
        const entry = entryPoints[call.method];
        if (typeof entry !== 'function') {
            return {error: {code: 'SSS_INVALID_HTTP_METHOD', message: call.method}};
        }
        const answer = entry(call.method === 'get' ? call.params : call.body);
        return {ok: JSON.parse(JSON.stringify(answer))};
    } catch (e) {
        if (e instanceof SuiteScriptError) {
            return {error: {code: e.name, message: e.message}};
        }
        throw e;
    }
});

const isoDay = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-` +
    String(d.getDate()).padStart(2, '0');
// Dates come out as {"date": "YYYY-MM-DD"} (the calendar day the record holds).
const plain = (value) => {
    if (value instanceof Date) {
        return {date: isoDay(value)};
    }
    if (Array.isArray(value)) {
        return value.map(plain);
    }
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    }
    return value;
};
process.stdout.write(JSON.stringify({results: results, records: plain(store), removed: removed}));
