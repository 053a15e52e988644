/// The OpenAPI 3 description of the service, served at `GET /openapi.yaml`. Tests check that it
/// names exactly ``ClassificationService/routes``; CI runs Schemathesis against a started server
/// with it, so the handlers' statuses and bodies follow the schemas below.
public enum OpenAPIDocument {
    public static let yaml = #"""
        openapi: 3.0.3
        info:
          title: classify serve
          version: "1"
          description: >-
            Classifies news articles with a classify model. POST /v1/classify answers with what
            `classify predict --json` prints. Errors are one-line JSON objects {"error": "…"}.
        paths:
          /v1/classify:
            post:
              summary: Classify one document or a batch.
              operationId: classify
              parameters:
                - name: top
                  in: query
                  description: Keep the K most probable scores of each prediction.
                  schema: {type: integer, minimum: 1, maximum: 100000}
                - name: threshold
                  in: query
                  description: The probability a label needs to be predicted (default the model's).
                  schema: {type: number, minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf:
                        - $ref: "#/components/schemas/Document"
                        - $ref: "#/components/schemas/DocumentBatch"
              responses:
                "200":
                  description: The prediction, or one per document in order.
                  content:
                    application/json:
                      schema:
                        oneOf:
                          - $ref: "#/components/schemas/Prediction"
                          - $ref: "#/components/schemas/PredictionBatch"
                "400": {$ref: "#/components/responses/BadRequest"}
                "408": {$ref: "#/components/responses/Timeout"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "503": {$ref: "#/components/responses/Busy"}
          /v1/model:
            get:
              summary: What `classify info --json` says of the model being served.
              operationId: model
              responses:
                "200":
                  description: The model's description.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/ModelDescription"}
                "503": {$ref: "#/components/responses/Busy"}
          /v1/model/reload:
            post:
              summary: Load the model file again and serve it once it has loaded.
              description: >-
                Off (403) unless the service was started with --admin-token. A file that fails
                to load leaves the previous model serving (422).
              operationId: reload
              security:
                - adminToken: []
              responses:
                "200":
                  description: The service's health after the reload.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Health"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "422": {$ref: "#/components/responses/Unloadable"}
                "503": {$ref: "#/components/responses/Busy"}
          /healthz:
            get:
              summary: The model's generation and how reloads went.
              operationId: health
              responses:
                "200":
                  description: Serving.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Health"}
          /metrics:
            get:
              summary: Request counts, latency histogram, documents scored and reloads, as Prometheus text.
              operationId: metrics
              responses:
                "200":
                  description: Prometheus text exposition format 0.0.4.
                  content:
                    text/plain:
                      schema: {type: string}
          /openapi.yaml:
            get:
              summary: This document.
              operationId: openAPIDocument
              responses:
                "200":
                  description: The OpenAPI document.
                  content:
                    application/yaml:
                      schema: {type: string}
        components:
          securitySchemes:
            adminToken:
              type: http
              scheme: bearer
          responses:
            BadRequest:
              description: The body or a query parameter is not what the route takes.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Timeout:
              description: The body was still arriving --request-timeout seconds after the request started.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            TooLarge:
              description: The body is over --max-body bytes, or carries over --max-documents documents.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Busy:
              description: --max-inflight requests are being answered; retry after the seconds given.
              headers:
                Retry-After:
                  schema: {type: integer}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Unauthorized:
              description: The Authorization header does not carry the admin token.
              headers:
                WWW-Authenticate:
                  schema: {type: string}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Forbidden:
              description: Reloading over HTTP is off (no --admin-token).
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Unloadable:
              description: The model file does not load; the previous model keeps serving.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
          schemas:
            Document:
              type: object
              additionalProperties: false
              required: [text]
              properties:
                id:
                  type: string
                  nullable: true
                  description: Echoed in the prediction (default "" for one document, its index in a batch).
                title:
                  type: string
                  nullable: true
                text:
                  type: string
                  description: The article; it must hold a character other than space, tab, CR and LF.
                  pattern: "[^ \t\r\n]"
            DocumentBatch:
              type: object
              additionalProperties: false
              required: [documents]
              properties:
                documents:
                  type: array
                  minItems: 1
                  items: {$ref: "#/components/schemas/Document"}
            Prediction:
              type: object
              additionalProperties: false
              required: [id, labels, scores]
              properties:
                id: {type: string}
                labels:
                  type: array
                  items: {type: string}
                scores:
                  type: object
                  description: Each label's probability (null where it is not a finite number).
                  additionalProperties: {type: number, nullable: true}
            PredictionBatch:
              type: object
              additionalProperties: false
              required: [predictions]
              properties:
                predictions:
                  type: array
                  items: {$ref: "#/components/schemas/Prediction"}
            Health:
              type: object
              additionalProperties: false
              required: [status, generation, reloads, failed_reloads]
              properties:
                status: {type: string, enum: [ok]}
                generation: {type: integer, minimum: 1}
                reloads: {type: integer, minimum: 0}
                failed_reloads: {type: integer, minimum: 0}
                last_reload_error: {type: string}
            ModelDescription:
              type: object
              required: [path, format_version, bytes, classifier, labels, multi_label, threshold, features]
              properties:
                path: {type: string}
                format_version: {type: integer}
                bytes: {type: integer}
                classifier: {type: string}
                labels:
                  type: array
                  items: {type: string}
                multi_label: {type: boolean}
                threshold: {type: number}
                features: {type: integer}
                stored_weights: {type: integer, minimum: 0}
            Error:
              type: object
              additionalProperties: false
              required: [error]
              properties:
                error: {type: string}
        """#
}
