package serverless

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The framework derives the logical IDs of the resources it generates for a
// stream event from the names in serverless.yml, in
// https://github.com/serverless/serverless/blob/main/lib/plugins/aws/lib/naming.js
// (reference/serverless-stream.md 3.4). Rules that predict collisions or
// invalid IDs and the hover that shows the IDs must agree with it, and with
// each other, so its naming lives here once.

// functionNameSpelling is built once: a Replacer builds its tables on first
// use, which per call cost more than the replacement.
var functionNameSpelling = strings.NewReplacer("-", "Dash", "_", "Underscore")

// NormalizedFunctionName is the framework's getNormalizedFunctionName:
// `-` becomes Dash, `_` becomes Underscore, the first letter is upper-cased.
// Every other character is kept, so the result is not necessarily a valid
// CloudFormation logical ID.
func NormalizedFunctionName(name string) string {
	return upperFirst(functionNameSpelling.Replace(name))
}

// StreamLogicalID is the framework's getStreamLogicalId, the logical ID of
// the AWS::Lambda::EventSourceMapping of a stream event: the normalised
// function name, `EventSourceMapping`, the type and the stream name with
// everything but ASCII letters and digits removed.
func StreamLogicalID(function, streamType, streamName string) string {
	// Written in one go, in a buffer on the stack and then copied to a
	// string of its exact size (groups keep these as keys): the rules
	// work it out for every stream event.
	var buf [128]byte
	b := appendUpperFirst(buf[:0], functionNameSpelling.Replace(function))
	b = append(b, "EventSourceMapping"...)
	b = appendUpperFirst(b, streamType)
	// upperFirst(AlphanumericOnly(streamName)): what is left is ASCII.
	first := true
	for i := 0; i < len(streamName); i++ {
		c := streamName[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			continue
		}
		if first && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		first = false
		b = append(b, c)
	}
	return string(b)
}

// StreamConsumerLogicalID is the framework's getStreamConsumerLogicalId, the
// logical ID of the AWS::Kinesis::StreamConsumer that `consumer: true` adds.
// The consumer's name goes through the function-name normalisation, which
// spells out only `-` and `_`: any other punctuation in the stream name
// stays and makes the ID one CloudFormation refuses.
func StreamConsumerLogicalID(consumerName string) string {
	return NormalizedFunctionName(consumerName) + "StreamConsumer"
}

// AlphanumericOnly keeps ASCII letters and digits, as the framework's
// normalizeNameToAlphaNumericOnly does with /[^0-9A-Za-z]/g: letters outside
// ASCII go too.
func AlphanumericOnly(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// upperFirst upper-cases the first character, as lodash's upperFirst does
// for the framework's normalizeName: a whole character, not a byte, so `é`
// becomes `É`. Invalid UTF-8 is left alone; the YAML parser rejects it
// anyway.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// appendUpperFirst appends upperFirst(s) to b.
func appendUpperFirst(b []byte, s string) []byte {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || r == utf8.RuneError {
		return append(b, s...)
	}
	return append(utf8.AppendRune(b, unicode.ToUpper(r)), s[size:]...)
}
