package rules

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// dynamoDBTableARN: the classic mistake. A Lambda mapping reads a table's
// stream, whose ARN is the table's ARN plus `/stream/LABEL`; the table ARN
// passes the framework's schema and CloudFormation's pattern alike, and the
// deploy fails only when Lambda is asked to read it (reference/aws-esm.md
// R11, section 4).
//
// When the resource ends in a variable (`table/${self:custom.x}`), the
// variable might hold the stream path too, so it is not judged.
type dynamoDBTableARN struct{}

func init() { register(catalog.RuleDynamoDBTableARN, dynamoDBTableARN{}) }

func (dynamoDBTableARN) CheckStream(ctx *Context, ev *serverless.StreamEvent, r *Reporter) {
	a, n, ok := ctx.streamARN(ev)
	if !ok || a.Kind != catalog.ARNDynamoDBTable || !lastSegmentLiteral(a.Resource) {
		return
	}
	use := "`!GetAtt TABLE.StreamArn` when the table is defined in this file (it needs a `StreamSpecification`)"
	if id := tableLogicalID(ctx, a.Name); id != "" {
		use = "`!GetAtt " + id + ".StreamArn`, since the table is defined in this file as " + id
	}
	r.Report(catalog.RuleDynamoDBTableARN, arnSpan(ctx.File.AST.Text, n),
		"this is the ARN of the table `%s`, not of its stream: Lambda reads the table's stream, whose ARN goes on with `/stream/LABEL`; use the stream ARN, or %s",
		a.Name, use)
}

// tableLogicalID finds the table resource with the given TableName. The
// event names the table by ARN, not by logical ID, so every resource has to
// be looked at.
func tableLogicalID(ctx *Context, name string) string {
	resources, order := ctx.AllResources()
	for _, id := range order {
		res := resources[id]
		if res.Type != "AWS::DynamoDB::Table" && res.Type != "AWS::DynamoDB::GlobalTable" {
			continue
		}
		if t := res.Properties.Get("TableName"); t != nil && t.Kind == yamlast.Scalar && t.Value == name {
			return id
		}
	}
	return ""
}
