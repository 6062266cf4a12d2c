/**
 * Record upsert RESTlet shipped with the Shopify ⇄ NetSuite control panel.
 *
 * REST web services cannot write legacy tax: on accounts without SuiteTax the control panel
 * writes transactions through this RESTlet instead, with the same REST-shaped body it would
 * send to /record/v1 (line taxCode and tax1Amt included), keyed by external id so that a job
 * that runs twice writes once.
 *
 * POST {"action": "upsert", "recordType": "salesOrder", "externalId": "shopify-order-1",
 *       "body": {...}, "replace": ["item"]}
 *   → {"id": "<internal id>", "created": true|false, "recordType": "salesOrder"}
 * GET ?action=capabilities
 *   → {"timeZone": "America/Los_Angeles", "features": {...}, "restletVersion": "1"}
 *
 * Body fields and sublist fields use REST names, set here under their SuiteScript ids (the
 * REST name in lower case: tranDate → trandate, tax1Amt → tax1amt). References are
 * {"id": "<internal id>"} or {"externalId": "..."}; sublists are {"items": [{...}]}; address
 * subrecords are objects; dates are YYYY-MM-DD. A field or sublist the record does not have
 * is refused, never dropped. Every refusal is thrown as an N/error, which NetSuite answers
 * with HTTP 400 and {"error": {"code": "...", "message": "..."}}; a message about one field
 * names it by its REST path (item.items[0].taxCode), in NetSuite's own wording where it has
 * one ("… for the following field: <path>").
 *
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */
define(['N/record', 'N/search', 'N/runtime', 'N/config', 'N/format', 'N/error'],
    (record, search, runtime, config, format, error) => {
        const RESTLET_VERSION = '1';
        const FEATURES = ['TAX_OVERHAULING', 'MULTICURRENCY', 'SUBSIDIARIES'];
        const RECORD_TYPE = /^[A-Za-z][A-Za-z0-9_]*$/;
        const EXTERNAL_ID = /^[A-Za-z0-9_-]{1,255}$/;
        const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
        // Body fields set before the others: the form, the customer and the subsidiary decide
        // what the rest of the record offers.
        const FIRST_FIELDS = ['customform', 'entity', 'subsidiary', 'currency'];
        // Where a reference given by external id is looked up, by SuiteScript field id.
        const REFERENCE_TYPES = {
            entity: 'customer',
            customer: 'customer',
            item: 'item',
            location: 'location',
            subsidiary: 'subsidiary',
            department: 'department',
            class: 'classification',
            partner: 'partner',
            salesrep: 'employee',
            createdfrom: 'transaction',
        };

        const fail = (code, message) => {
            throw error.create({name: code, message: message, notifyOff: true});
        };

        const shown = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

        const invalidValue = (path, value, hint) => fail('INVALID_FLD_VALUE',
            `You have entered an Invalid Field Value ${shown(value)} for the following field: ` +
            `${path}${hint ? ` (${hint})` : ''}`);

        const notAField = (path, what) => fail('USER_ERROR',
            `Field ${path} is not a field of ${what} on this account.`);

        const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

        const fieldIdOf = (restName) => String(restName).toLowerCase();

        const recordTypeOf = (restType) => {
            if (typeof restType !== 'string' || !RECORD_TYPE.test(restType)) {
                fail('INVALID_RCRD_TYPE', `The record type [${shown(restType)}] is invalid.`);
            }
            return restType.toLowerCase();
        };

        const required = (request, argument) => {
            if (request[argument] === undefined || request[argument] === null ||
                request[argument] === '') {
                fail('SSS_MISSING_REQD_ARGUMENT', `Missing a required argument: ${argument}`);
            }
            return request[argument];
        };

        const checkAction = (action, expected) => {
            if (action !== expected) {
                fail('USER_ERROR', `Unknown action: ${shown(action)}`);
            }
        };

        const checkExternalId = (externalId) => {
            if (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId)) {
                invalidValue('externalId', externalId, 'letters, digits, _ and - only');
            }
            return externalId;
        };

        const findByExternalId = (type, externalId) => {
            const results = search.create({
                type: type,
                filters: [['externalid', 'anyof', externalId]],
                columns: ['internalid'],
            }).run().getRange({start: 0, end: 1});
            return results.length ? String(results[0].id) : null;
        };

        const referenceId = (path, fieldId, ref) => {
            if (ref.id !== undefined && ref.id !== null && ref.id !== '') {
                return String(ref.id);
            }
            if (ref.externalId !== undefined) {
                const type = REFERENCE_TYPES[fieldId];
                if (!type) {
                    invalidValue(path, ref, 'refer to this field by id');
                }
                if (typeof ref.externalId !== 'string' || !EXTERNAL_ID.test(ref.externalId)) {
                    invalidValue(path, ref);
                }
                const found = findByExternalId(type, ref.externalId);
                if (found === null) {
                    fail('INVALID_KEY_OR_REF',
                        `Invalid ${fieldId} reference key ${ref.externalId} (${path}).`);
                }
                return found;
            }
            return invalidValue(path, ref, 'a reference has an id or an externalId');
        };

        // YYYY-MM-DD → the Date NetSuite's date fields take. The calendar day is checked, then
        // written in the user's date format and parsed back with N/format, as a date typed on
        // the form would be.
        const dateValue = (path, text) => {
            const parts = ISO_DATE.exec(text);
            const day = parts && new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
            if (!day || day.getFullYear() !== Number(parts[1]) ||
                day.getMonth() !== Number(parts[2]) - 1 || day.getDate() !== Number(parts[3])) {
                invalidValue(path, text, 'a date is YYYY-MM-DD');
            }
            const shown = format.format({value: day, type: format.Type.DATE});
            return format.parse({value: shown, type: format.Type.DATE});
        };

        // The value to give SuiteScript for one REST value of a field of type `fieldType`.
        const scalarValue = (path, fieldId, fieldType, value) => {
            if (value === null) {
                return '';
            }
            if (isObject(value)) {
                return referenceId(path, fieldId, value);
            }
            if (fieldType === 'date' && typeof value === 'string') {
                return dateValue(path, value);
            }
            return value;
        };

        const isSublist = (value) => isObject(value) && Array.isArray(value.items);
        const isReference = (value) => isObject(value) &&
            ['id', 'externalId', 'refName'].some((key) => value[key] !== undefined);

        // Body fields of a record or subrecord; sublists are left to setSublists.
        const setFields = (target, fields, where, what) => {
            const names = Object.keys(fields).filter((name) => !isSublist(fields[name]));
            const order = (name) => {
                const rank = FIRST_FIELDS.indexOf(fieldIdOf(name));
                return rank === -1 ? FIRST_FIELDS.length : rank;
            };
            names.sort((a, b) => order(a) - order(b));
            names.forEach((name) => {
                const fieldId = fieldIdOf(name);
                const value = fields[name];
                const path = where + name;
                const field = target.getField({fieldId: fieldId});
                if (!field) {
                    notAField(path, what);
                }
                if (isObject(value) && !isReference(value)) {
                    setFields(target.getSubrecord({fieldId: fieldId}), value, `${path}.`, what);
                    return;
                }
                target.setValue({
                    fieldId: fieldId, value: scalarValue(path, fieldId, field.type, value),
                });
            });
        };

        const setLine = (rec, sublistId, line, fields, where, what) => {
            Object.keys(fields).forEach((name) => {
                const fieldId = fieldIdOf(name);
                const value = fields[name];
                const path = where + name;
                const field = rec.getSublistField({sublistId: sublistId, fieldId: fieldId, line: line});
                if (!field) {
                    notAField(path, what);
                }
                if (isObject(value) && !isReference(value)) {
                    const subrecord = rec.getSublistSubrecord({
                        sublistId: sublistId, fieldId: fieldId, line: line,
                    });
                    setFields(subrecord, value, `${path}.`, what);
                    return;
                }
                rec.setSublistValue({
                    sublistId: sublistId, fieldId: fieldId, line: line,
                    value: scalarValue(path, fieldId, field.type, value),
                });
            });
        };

        // Sublists named in `replace` lose their lines first; others get the lines appended.
        const setSublists = (rec, fields, replace, what) => {
            const offered = rec.getSublists();
            Object.keys(fields).filter((name) => isSublist(fields[name])).forEach((name) => {
                const sublistId = fieldIdOf(name);
                if (offered.indexOf(sublistId) === -1) {
                    notAField(name, what);
                }
                if (replace.indexOf(sublistId) !== -1) {
                    for (let line = rec.getLineCount({sublistId: sublistId}) - 1; line >= 0; line -= 1) {
                        rec.removeLine({sublistId: sublistId, line: line});
                    }
                }
                fields[name].items.forEach((lineFields, index) => {
                    if (!isObject(lineFields)) {
                        invalidValue(`${name}.items[${index}]`, lineFields, 'a line is an object');
                    }
                    const line = rec.getLineCount({sublistId: sublistId});
                    rec.insertLine({sublistId: sublistId, line: line});
                    setLine(rec, sublistId, line, lineFields, `${name}.items[${index}].`, what);
                });
            });
        };

        const readUpsert = (request) => {
            if (!isObject(request)) {
                fail('SYNTAX_ERROR', 'SyntaxError: send a JSON object as application/json');
            }
            checkAction(required(request, 'action'), 'upsert');
            const restType = required(request, 'recordType');
            const type = recordTypeOf(restType);
            const externalId = checkExternalId(required(request, 'externalId'));
            const body = required(request, 'body');
            if (!isObject(body)) {
                fail('INVALID_FLD_VALUE', 'The body argument must be an object of record fields.');
            }
            const replace = request.replace === undefined || request.replace === null
                ? [] : request.replace;
            if (!Array.isArray(replace) || replace.some((name) => typeof name !== 'string')) {
                fail('INVALID_FLD_VALUE', 'The replace argument must be a list of sublist names.');
            }
            if (body.externalId !== undefined && body.externalId !== externalId) {
                invalidValue('externalId', body.externalId, 'the request names another one');
            }
            return {
                restType: restType,
                type: type,
                externalId: externalId,
                body: body,
                replace: replace.map(fieldIdOf),
            };
        };

        const post = (request) => {
            const upsert = readUpsert(request);
            const existing = findByExternalId(upsert.type, upsert.externalId);
            const rec = existing === null
                ? record.create({type: upsert.type, isDynamic: false})
                : record.load({type: upsert.type, id: existing, isDynamic: false});
            const fields = Object.assign({}, upsert.body);
            delete fields.externalId;
            if (existing === null) {
                rec.setValue({fieldId: 'externalid', value: upsert.externalId});
            }
            setFields(rec, fields, '', upsert.restType);
            setSublists(rec, fields, upsert.replace, upsert.restType);
            const id = rec.save({enableSourcing: true, ignoreMandatoryFields: false});
            return {id: String(id), created: existing === null, recordType: upsert.restType};
        };

        const capabilities = () => {
            const company = config.load({type: config.Type.COMPANY_INFORMATION});
            const features = {};
            FEATURES.forEach((feature) => {
                features[feature] = runtime.isFeatureInEffect({feature: feature});
            });
            return {
                timeZone: company.getValue({fieldId: 'timezone'}),
                features: features,
                restletVersion: RESTLET_VERSION,
            };
        };

        const get = (params) => {
            checkAction(required(params || {}, 'action'), 'capabilities');
            return capabilities();
        };

        return {get: get, post: post};
    });
