#!/usr/bin/env python3
"""Writes a copy of the Stripe spec with 20 edits, for a real run of `apigen diff`.

    python3 scripts/stripe-edits.py ../shared/corpus/stripe-spec3.json target/stripe-edited.json
    cargo run -p apigen -- diff ../shared/corpus/stripe-spec3.json target/stripe-edited.json

Each edit is one thing a spec maintainer might do; the report should name every one.
"""

import json
import sys


def operation(spec, path, method):
    return spec["paths"][path][method]


def param(op, name):
    return next(p for p in op["parameters"] if p["name"] == name)


def form_schema(op):
    return op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]


def main(source, target):
    with open(source, encoding="utf-8") as f:
        spec = json.load(f)
    schemas = spec["components"]["schemas"]
    customer = schemas["customer"]

    # 1. A new API version.
    spec["info"]["version"] = "2020-09-30"
    # 2. An operation removed.
    del spec["paths"]["/v1/coupons/{coupon}"]["delete"]
    # 3. An operation added.
    spec["paths"]["/v1/customers/{customer}/notes"] = {
        "get": {
            "operationId": "GetCustomersCustomerNotes",
            "description": "<p>The notes about a customer.</p>",
            "parameters": [
                {"name": "customer", "in": "path", "required": True,
                 "schema": {"type": "string", "maxLength": 5000}}
            ],
            "responses": {
                "200": {"description": "Successful response.",
                        "content": {"application/json": {"schema": {
                            "type": "array", "items": {"type": "string"}}}}}
            },
        }
    }
    # 4. An operationId renamed (so the method name changes).
    operation(spec, "/v1/balance", "get")["operationId"] = "RetrieveBalance"
    # 5. A required query parameter added.
    operation(spec, "/v1/charges", "get")["parameters"].append(
        {"name": "account", "in": "query", "required": True,
         "schema": {"type": "string", "maxLength": 5000}})
    # 6. An optional query parameter added.
    operation(spec, "/v1/customers", "get")["parameters"].append(
        {"name": "phone", "in": "query", "required": False,
         "schema": {"type": "string", "maxLength": 5000}})
    # 7. A query parameter removed.
    op = operation(spec, "/v1/customers", "get")
    op["parameters"] = [p for p in op["parameters"] if p["name"] != "test_clock"]
    # 8. An optional query parameter made required.
    param(operation(spec, "/v1/products", "get"), "limit")["required"] = True
    # 9. A query parameter's type changed.
    param(operation(spec, "/v1/charges", "get"), "limit")["schema"] = {"type": "string"}
    # 10. A value added to a response enum.
    schemas["coupon"]["properties"]["duration"]["enum"].append("weekly")
    # 11. A value removed from an enum.
    exempt = customer["properties"]["tax_exempt"]
    exempt["enum"] = [v for v in exempt["enum"] if v != "reverse"]
    # 12. A required property added to a response schema.
    customer["properties"]["risk_level"] = {"type": "string", "maxLength": 5000}
    customer["required"].append("risk_level")
    # 13. An optional property added.
    customer["properties"]["nickname"] = {"type": "string", "maxLength": 5000}
    # 14. A property removed.
    del customer["properties"]["invoice_prefix"]
    # 15. A property's type changed.
    customer["properties"]["balance"] = {"type": "number"}
    # 16. A security alternative removed (basic auth no longer accepted for charges).
    operation(spec, "/v1/charges", "post")["security"] = [{"bearerAuth": []}]
    # 17. An operation made public.
    operation(spec, "/v1/balance", "get")["security"] = []
    # 18. A new OAuth scheme, and an operation that now needs one of its scopes.
    spec["components"]["securitySchemes"]["oauth"] = {
        "type": "oauth2",
        "flows": {"clientCredentials": {
            "tokenUrl": "https://connect.stripe.com/oauth/token",
            "scopes": {"customers:write": "Change customers"}}},
    }
    operation(spec, "/v1/customers/{customer}", "delete")["security"] = [
        {"bearerAuth": []}, {"oauth": ["customers:write"]}]
    # 19. A path changed.
    spec["paths"]["/v1/tax-rates"] = spec["paths"].pop("/v1/tax_rates")
    # 20. A request constraint tightened.
    form_schema(operation(spec, "/v1/customers", "post"))["properties"]["description"][
        "maxLength"] = 350

    with open(target, "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: stripe-edits.py STRIPE_SPEC OUT")
    main(sys.argv[1], sys.argv[2])
