package catalog

import "strings"

// ARNKind classifies an ARN by the resource it names, as far as a stream
// event cares.
type ARNKind uint8

const (
	ARNOther ARNKind = iota
	ARNKinesisStream
	ARNKinesisConsumer
	ARNDynamoDBStream
	// ARNDynamoDBTable is the classic mistake: the framework and
	// CloudFormation accept it, but it is not an event source.
	ARNDynamoDBTable
	ARNSNSTopic
	ARNSQSQueue
	// ARNS3Bucket is an on-failure destination AWS accepts for streams but
	// the framework cannot grant permissions for.
	ARNS3Bucket
)

func (k ARNKind) String() string {
	switch k {
	case ARNKinesisStream:
		return "Kinesis data stream"
	case ARNKinesisConsumer:
		return "Kinesis stream consumer"
	case ARNDynamoDBStream:
		return "DynamoDB stream"
	case ARNDynamoDBTable:
		return "DynamoDB table"
	case ARNSNSTopic:
		return "SNS topic"
	case ARNSQSQueue:
		return "SQS queue"
	case ARNS3Bucket:
		return "S3 bucket"
	}
	return "other resource"
}

// StreamType is the stream service the kind belongs to, 0 for the rest.
func (k ARNKind) StreamType() StreamType {
	switch k {
	case ARNKinesisStream, ARNKinesisConsumer:
		return Kinesis
	case ARNDynamoDBStream, ARNDynamoDBTable:
		return DynamoDB
	}
	return 0
}

// Format is the documented shape of the kind's ARNs (aws-esm.md section 4),
// for messages that tell the user what was expected; "" for kinds whose
// shape does not matter to a stream event.
func (k ARNKind) Format() string {
	switch k {
	case ARNKinesisStream:
		return "arn:PARTITION:kinesis:REGION:ACCOUNT:stream/STREAM_NAME"
	case ARNKinesisConsumer:
		return "arn:PARTITION:kinesis:REGION:ACCOUNT:stream/STREAM_NAME/consumer/CONSUMER_NAME:CREATION_TIMESTAMP"
	case ARNDynamoDBStream:
		return "arn:PARTITION:dynamodb:REGION:ACCOUNT:table/TABLE_NAME/stream/STREAM_LABEL"
	case ARNDynamoDBTable:
		return "arn:PARTITION:dynamodb:REGION:ACCOUNT:table/TABLE_NAME"
	}
	return ""
}

// DocURL is the Service Authorization Reference page that lists the ARN
// formats of the kind's service; "" for kinds outside the stream services.
func (k ARNKind) DocURL() string {
	switch k.StreamType() {
	case Kinesis:
		return DocKinesisARNFormat
	case DynamoDB:
		return DocDynamoDBARNFormat
	}
	return ""
}

// ARNPart names the fields of an ARN, as a set.
type ARNPart uint8

const (
	PartPartition ARNPart = 1 << iota
	PartService
	PartRegion
	PartAccount
	PartResource
)

// Has reports whether p includes q.
func (p ARNPart) Has(q ARNPart) bool { return p&q != 0 }

// ARN is a parsed ARN. Values in serverless.yml are often only partly
// literal (`arn:aws:kinesis:${aws:region}:#{AWS::AccountId}:stream/x`):
// parts holding a variable are kept verbatim, listed in Unresolved and never
// judged; Invalid lists literal parts that break the documented format.
type ARN struct {
	Partition, Service, Region, Account string
	// Resource is everything after the fifth colon; it may contain colons
	// itself (consumer ARNs, DynamoDB stream labels).
	Resource string
	Kind     ARNKind
	// Name is the stream (Kinesis), table (DynamoDB), topic, queue or
	// bucket name.
	Name string
	// ConsumerName and ConsumerCreation are set for ARNKinesisConsumer.
	ConsumerName, ConsumerCreation string
	// StreamLabel is set for ARNDynamoDBStream; it is a timestamp and only
	// unique together with the account and table.
	StreamLabel string
	Unresolved  ARNPart
	Invalid     ARNPart
}

// Resolved reports whether the ARN holds no variables, i.e. whether a rule
// may judge it as a literal.
func (a ARN) Resolved() bool { return a.Unresolved == 0 }

// partition is an AWS partition and the regions that belong to it: a region
// is one of regionPrefixes, then `-` and a word ([0-9A-Za-z_]), then `-`
// and digits.
type partition struct {
	name           string
	regionPrefixes []string
}

// partitions are botocore's (aws-esm.md section 4). Region names are only
// valid inside their own partition: arn:aws-cn:... with us-east-1 is wrong.
var partitions = []partition{
	{"aws", []string{"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"}},
	{"aws-cn", []string{"cn"}},
	{"aws-us-gov", []string{"us-gov"}},
	{"aws-eusc", []string{"eusc-de"}},
	{"aws-iso", []string{"us-iso"}},
	{"aws-iso-b", []string{"us-isob"}},
	{"aws-iso-e", []string{"eu-isoe"}},
	{"aws-iso-f", []string{"us-isof"}},
}

// hasRegion reports whether region belongs to the partition.
func (p partition) hasRegion(region string) bool {
	for _, prefix := range p.regionPrefixes {
		rest, ok := strings.CutPrefix(region, prefix)
		if !ok || rest == "" || rest[0] != '-' {
			continue
		}
		word, digits, ok := strings.Cut(rest[1:], "-")
		if ok && word != "" && all(word, isWordByte) && digits != "" && all(digits, isDigit) {
			return true
		}
	}
	return false
}

// RegionPartition returns the partition a region name belongs to.
func RegionPartition(region string) (string, bool) {
	for _, p := range partitions {
		if p.hasRegion(region) {
			return p.name, true
		}
	}
	return "", false
}

// KnownPartition reports whether name is one of the partitions botocore
// lists. An unknown name that still fits the CloudFormation pattern (a
// partition added later) is not marked Invalid by ParseARN.
func KnownPartition(name string) bool {
	_, ok := knownPartition(name)
	return ok
}

func knownPartition(name string) (partition, bool) {
	for _, p := range partitions {
		if p.name == name {
			return p, true
		}
	}
	return partition{}, false
}

// The generic syntax comes from the CloudFormation schema of
// EventSourceArn, so that a partition or region AWS adds later is not
// flagged before the schema itself would reject it. Each test is written
// out rather than as a regular expression: every check of a stream event
// parses its ARN, and the expressions were most of the cost (the tests
// compare them with the expressions they stand for).

// isPartition is ^aws[a-zA-Z0-9-]*$.
func isPartition(s string) bool {
	rest, ok := strings.CutPrefix(s, "aws")
	return ok && all(rest, isAlnumDash)
}

// isService is ^[a-zA-Z0-9-]+$.
func isService(s string) bool { return s != "" && all(s, isAlnumDash) }

// isRegion is ^(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d$.
func isRegion(s string) bool {
	if isRegionAfterPrefix(s) {
		return true
	}
	rest, ok := strings.CutPrefix(s, "eusc-")
	return ok && isRegionAfterPrefix(rest)
}

func isRegionAfterPrefix(s string) bool {
	if len(s) < 2 || !isLower(s[0]) || !isLower(s[1]) {
		return false
	}
	s = s[2:]
	if isRegionTail(s) {
		return true
	}
	if rest, ok := strings.CutPrefix(s, "-gov"); ok && isRegionTail(rest) {
		return true
	}
	rest, ok := strings.CutPrefix(s, "-iso")
	return ok && (isRegionTail(rest) || rest != "" && isLower(rest[0]) && isRegionTail(rest[1:]))
}

// isRegionTail is -[a-z]+-\d$.
func isRegionTail(s string) bool {
	n := len(s)
	return n >= 4 && s[0] == '-' && s[n-2] == '-' && isDigit(s[n-1]) && all(s[1:n-2], isLower)
}

// isAccount is ^\d{12}$.
func isAccount(s string) bool { return len(s) == 12 && all(s, isDigit) }

// isStreamName is ^[a-zA-Z0-9_.-]{1,128}$, for Kinesis streams and
// consumers alike.
func isStreamName(s string) bool { return len(s) >= 1 && len(s) <= 128 && all(s, isNameByte) }

// isTableName is ^[a-zA-Z0-9_.-]{3,255}$.
func isTableName(s string) bool { return len(s) >= 3 && len(s) <= 255 && all(s, isNameByte) }

// isStreamLabel is ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$.
func isStreamLabel(s string) bool {
	const shape = "0000-00-00T00:00:00.000"
	if len(s) != len(shape) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if shape[i] == '0' && !isDigit(s[i]) || shape[i] != '0' && s[i] != shape[i] {
			return false
		}
	}
	return true
}

// isTimestamp is ^\d+$.
func isTimestamp(s string) bool { return s != "" && all(s, isDigit) }

func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isLower(c byte) bool     { return 'a' <= c && c <= 'z' }
func isAlnum(c byte) bool     { return isDigit(c) || isLower(c) || 'A' <= c && c <= 'Z' }
func isAlnumDash(c byte) bool { return isAlnum(c) || c == '-' }
func isWordByte(c byte) bool  { return isAlnum(c) || c == '_' }
func isNameByte(c byte) bool  { return isAlnum(c) || c == '_' || c == '.' || c == '-' }

// HasVariable reports whether s holds a Serverless variable (`${...}`) or a
// serverless-pseudo-parameters reference (`#{...}`): such values are
// resolved at deploy time and must not be judged as literals. It is one
// pass for both, as every value of every event is asked.
func HasVariable(s string) bool {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return false
		}
		if i > 0 && (s[i-1] == '$' || s[i-1] == '#') {
			return true
		}
		s = s[i+1:]
	}
}

// ParseARN splits s into its parts and classifies it. It returns false when
// s is not an ARN at all: no "arn:" prefix, or fewer than six fields with no
// variable that could stand for the missing ones. Everything else parses,
// with problems reported in Invalid rather than by failing, so that a rule
// can say which part is wrong.
//
// A variable normally stands for (part of) one field. When fields are
// missing and a variable is present, the variable is taken to cover them,
// and the last field is still read as the resource. If colons inside the
// resource (DynamoDB stream labels, consumer ARNs) make up for the fields a
// variable covers, the fields shift; that combination is rare enough to
// accept.
func ParseARN(s string) (ARN, bool) {
	var buf [8]string
	fields := AppendSplitOutsideVariables(buf[:0], s, ':', -1)
	if len(fields) < 2 || fields[0] != "arn" {
		return ARN{}, false
	}
	var a ARN
	parts := [5]*string{&a.Partition, &a.Service, &a.Region, &a.Account, &a.Resource}
	rest := fields[1:]
	switch {
	case len(rest) >= 5:
		for i := range 4 {
			*parts[i] = rest[i]
		}
		a.Resource = strings.Join(rest[4:], ":")
	case HasVariable(s):
		// The first field with a variable may stand for itself and every
		// missing field after it, up to the resource.
		v := 0
		for !HasVariable(rest[v]) {
			v++
		}
		for i := 0; i <= v; i++ {
			*parts[i] = rest[i]
		}
		for i := v; i < 4; i++ {
			a.Unresolved |= 1 << i
		}
		if v < len(rest)-1 {
			a.Resource = rest[len(rest)-1]
		} else {
			a.Unresolved |= PartResource
		}
	default:
		return ARN{}, false
	}
	for i, p := range parts {
		if HasVariable(*p) {
			a.Unresolved |= 1 << i
		}
	}
	a.classify()
	a.validate()
	return a, true
}

// classify reads the kind from the literal parts only; a resource hidden
// entirely behind a variable stays ARNOther.
func (a *ARN) classify() {
	if a.Unresolved.Has(PartService) {
		return
	}
	var buf [6]string
	var colon [2]string
	segs := AppendSplitOutsideVariables(buf[:0], a.Resource, '/', -1)
	switch a.Service {
	case "kinesis":
		switch {
		case len(segs) == 2 && segs[0] == "stream":
			a.Kind, a.Name = ARNKinesisStream, segs[1]
		case len(segs) == 4 && segs[0] == "stream" && segs[2] == "consumer":
			a.Kind, a.Name = ARNKinesisConsumer, segs[1]
			// The creation time follows the last colon; a variable may hide it.
			c := SplitOutsideVariables(segs[3], ':', -1)
			a.ConsumerName = c[0]
			if len(c) > 1 {
				a.ConsumerName = strings.Join(c[:len(c)-1], ":")
				a.ConsumerCreation = c[len(c)-1]
			}
		}
	case "dynamodb":
		switch {
		case len(segs) == 2 && segs[0] == "table":
			a.Kind, a.Name = ARNDynamoDBTable, segs[1]
		case len(segs) == 4 && segs[0] == "table" && segs[2] == "stream":
			a.Kind, a.Name, a.StreamLabel = ARNDynamoDBStream, segs[1], segs[3]
		}
	case "sns":
		// A second colon makes it a subscription, not a topic.
		if len(segs) == 1 && len(AppendSplitOutsideVariables(colon[:0], a.Resource, ':', 2)) == 1 && a.Resource != "" {
			a.Kind, a.Name = ARNSNSTopic, a.Resource
		}
	case "sqs":
		if len(segs) == 1 && len(AppendSplitOutsideVariables(colon[:0], a.Resource, ':', 2)) == 1 && a.Resource != "" {
			a.Kind, a.Name = ARNSQSQueue, a.Resource
		}
	case "s3":
		if len(segs) == 1 && a.Resource != "" {
			a.Kind, a.Name = ARNS3Bucket, a.Resource
		}
	}
}

// validate checks literal parts against the documented formats. Kinds the
// catalog does not know (ARNOther, S3) only get the generic checks: their
// region and account may legitimately be empty.
func (a *ARN) validate() {
	// A part with a variable anywhere in it is never judged: the variable
	// may expand to anything, separators included.
	check := func(part ARNPart, ok bool) {
		if !ok && !a.Unresolved.Has(part) {
			a.Invalid |= part
		}
	}
	check(PartPartition, isPartition(a.Partition))
	check(PartService, isService(a.Service))

	regional := a.Kind != ARNOther && a.Kind != ARNS3Bucket
	check(PartRegion, (!regional && a.Region == "") || isRegion(a.Region))
	if p, ok := knownPartition(a.Partition); ok && a.Region != "" && !a.Unresolved.Has(PartRegion) && !a.Invalid.Has(PartRegion) {
		check(PartRegion, p.hasRegion(a.Region))
	}
	if regional {
		check(PartAccount, isAccount(a.Account))
	}

	switch a.Kind {
	case ARNKinesisStream:
		check(PartResource, isStreamName(a.Name))
	case ARNKinesisConsumer:
		check(PartResource, isStreamName(a.Name))
		check(PartResource, isStreamName(a.ConsumerName))
		check(PartResource, isTimestamp(a.ConsumerCreation))
	case ARNDynamoDBTable:
		check(PartResource, isTableName(a.Name))
	case ARNDynamoDBStream:
		check(PartResource, isTableName(a.Name))
		check(PartResource, isStreamLabel(a.StreamLabel))
	}
}

// SplitOutsideVariables splits s at sep like strings.SplitN, except inside
// `${...}` and `#{...}`, which may nest and contain the separator
// (`${opt:region, ${self:provider.region}}`). With n > 0 it returns at most
// n fields, the last one holding the unsplit rest; with n < 0, all of them.
func SplitOutsideVariables(s string, sep byte, n int) []string {
	if n == 0 {
		return nil
	}
	return AppendSplitOutsideVariables(nil, s, sep, n)
}

// AppendSplitOutsideVariables is SplitOutsideVariables appending the
// fields to out, so that a caller that only reads them can keep them on
// its stack.
func AppendSplitOutsideVariables(out []string, s string, sep byte, n int) []string {
	if n == 0 {
		return out
	}
	depth, start, fields := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case (s[i] == '$' || s[i] == '#') && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == sep && depth == 0 && (n < 0 || fields < n-1):
			out = append(out, s[start:i])
			start = i + 1
			fields++
		}
	}
	return append(out, s[start:])
}
