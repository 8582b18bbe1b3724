package fix

import (
	"github.com/stream-ls/stream-ls/analysis/catalog"
	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/serverless"
	"github.com/stream-ls/stream-ls/analysis/yamlast"
)

// `consumer` on a DynamoDB stream does nothing, so it is removed: its whole
// lines, nested value included. Comments on other lines stay. In settings
// shared through an anchor it is removed only when every event that uses
// them reads DynamoDB.
func init() { register(catalog.RuleConsumerOnDynamoDB, fixConsumerOnDynamoDB) }

func fixConsumerOnDynamoDB(s *source, d diag.Diagnostic) []Fix {
	var found *yamlast.Pair
	for _, ev := range s.model.Streams {
		p := pairWithKey(streamMapping(ev), d.Span)
		if p == nil || p.Key.Value != "consumer" {
			continue
		}
		// Settings shared through an anchor may also reach a Kinesis
		// event, which needs its consumer.
		if typ, _ := s.model.SourceType(ev); typ != serverless.DynamoDB {
			return nil
		}
		found = p
	}
	if found == nil {
		return nil
	}
	m, p := s.written(found)
	if m == nil {
		return nil
	}
	edit, ok := s.removePair(m, p)
	if !ok {
		return nil
	}
	return []Fix{{Title: "Remove `consumer`", Edits: []Edit{edit}, Preferred: true}}
}
