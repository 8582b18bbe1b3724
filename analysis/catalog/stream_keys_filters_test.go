package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestFilterLimits(t *testing.T) {
	// Pinned against aws-esm.md 3.1/R10 and the framework schema (1.2).
	if FilterPatternsMin != 1 || FilterPatternsDefaultQuota != 5 || FilterPatternsMax != 10 ||
		FilterPatternsCloudFormationMax != 20 || FilterPatternMaxLength != 4096 {
		t.Error("filter limits changed")
	}
	if KinesisFilterDataKey != "data" || DynamoDBFilterDataKey != "dynamodb" {
		t.Error("data keys changed")
	}
}

func TestFilterOperators(t *testing.T) {
	ops := FilterOperators()
	if len(ops) != 13 {
		t.Errorf("%d operators, Lambda documents 13", len(ops))
	}
	for _, op := range ops {
		if op.Name == "" || op.Example == "" || op.Summary == "" {
			t.Errorf("undocumented operator %+v", op)
		}
		if op.Keyword != "" && !strings.Contains(op.Example, op.Keyword) {
			t.Errorf("%s: example %q does not use %q", op.Name, op.Example, op.Keyword)
		}
	}
	want := []string{"equals-ignore-case", "$or", "anything-but", "numeric", "exists", "prefix", "suffix"}
	if got := FilterKeywords(); !slices.Equal(got, want) {
		t.Errorf("FilterKeywords() = %q, want %q", got, want)
	}
	if got := FilterOperatorsByKeyword("numeric"); len(got) != 2 || !got[0].NotForDynamoDB || !got[1].NotForDynamoDB {
		t.Errorf("numeric operators = %+v", got)
	}
	if got := FilterOperatorsByKeyword("exists"); len(got) != 1 || !got[0].LeafOnly {
		t.Errorf("exists = %+v", got)
	}
	if got := FilterOperatorsByKeyword("$or"); len(got) != 1 || !got[0].FieldLevel {
		t.Errorf("$or = %+v", got)
	}
	if got := FilterOperatorsByKeyword(""); len(got) != 0 {
		t.Errorf("the empty keyword matched %d operators", len(got))
	}
	for _, kw := range EventBridgeOnlyFilterKeywords() {
		if len(FilterOperatorsByKeyword(kw)) != 0 {
			t.Errorf("%s is listed both ways", kw)
		}
	}
	if got := EventBridgeOnlyFilterKeywords(); !slices.Equal(got, []string{"wildcard", "cidr"}) {
		t.Errorf("EventBridgeOnlyFilterKeywords() = %q", got)
	}
}

func TestDynamoDBFilterFacts(t *testing.T) {
	if got := DynamoDBEventNames(); !slices.Equal(got, []string{"INSERT", "MODIFY", "REMOVE"}) {
		t.Errorf("DynamoDBEventNames() = %q", got)
	}
	var descriptors []string
	for _, d := range DynamoDBTypeDescriptors() {
		if d.Summary == "" {
			t.Errorf("%s undocumented", d.Name)
		}
		descriptors = append(descriptors, d.Name)
	}
	if want := []string{"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}; !slices.Equal(descriptors, want) {
		t.Errorf("descriptors = %q, want %q", descriptors, want)
	}
	keys := DynamoDBRecordKeys()
	for _, vt := range DynamoDBStreamViewTypes() {
		if len(vt.Images) == 0 || vt.Images[0] != "Keys" {
			t.Errorf("%s: images %q must start with Keys", vt.Name, vt.Images)
		}
		for _, img := range vt.Images {
			if !slices.Contains(keys, img) {
				t.Errorf("%s: %s is not a record key", vt.Name, img)
			}
		}
	}
	// Callers may edit what they get.
	DynamoDBEventNames()[0] = "x"
	DynamoDBTypeDescriptors()[0].Name = "x"
	FilterOperators()[0].Name = "x"
	if DynamoDBEventNames()[0] != "INSERT" || DynamoDBTypeDescriptors()[0].Name != "S" || FilterOperators()[0].Name != "Null" {
		t.Error("filter facts are shared")
	}
}

func TestFilterLinks(t *testing.T) {
	for _, l := range FilterLinks() {
		if l.Title == "" || !strings.HasPrefix(l.URL, "https://") {
			t.Errorf("bad link %+v", l)
		}
	}
}
