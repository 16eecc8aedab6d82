// Package synthetic makes OpenAPI documents of any size for benchmarks:
// the generator's scaling benchmark and the peer comparison (bench/peers).
package synthetic

import (
	"fmt"
	"strings"
)

// Spec returns an OpenAPI document with n operations spread over
// n/50+1 tags, each with path and query parameters, a JSON body or a paged
// response, over n/4 schemas.
func Spec(n int) string {
	var s strings.Builder
	s.WriteString("openapi: 3.0.3\ninfo: {title: Synthetic, version: \"1\"}\nservers: [{url: 'https://api.example.com'}]\npaths:\n")
	schemas := n/4 + 1
	for i := 0; i < n; i++ {
		tag := fmt.Sprintf("Tag%d", i/50)
		model := fmt.Sprintf("Model%d", i%schemas)
		fmt.Fprintf(&s, "  /r%d/{id}:\n", i)
		if i%2 == 0 {
			fmt.Fprintf(&s, `    get:
      operationId: getThing%d
      tags: [%s]
      summary: Get thing %d
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer, format: int32}}
        - {name: since, in: query, schema: {type: string, format: date}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/%s'}
        "404":
          description: missing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
`, i, tag, i, model)
		} else {
			fmt.Fprintf(&s, `    post:
      operationId: createThing%d
      tags: [%s]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/%s'}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/%s'}
        "204":
          description: nothing
`, i, tag, model, model)
		}
	}
	s.WriteString("components:\n  schemas:\n    Error:\n      type: object\n      properties:\n        message: {type: string}\n")
	for i := 0; i < schemas; i++ {
		fmt.Fprintf(&s, `    Model%d:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
        amount: {type: number, format: double}
        created_at: {type: string, format: date-time}
        tags: {type: array, items: {type: string}}
        status: {type: string, enum: [active, closed]}
        child: {$ref: '#/components/schemas/Model%d'}
`, i, i%7)
	}
	return s.String()
}
