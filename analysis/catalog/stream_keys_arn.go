package catalog

import (
	"regexp"
	"strings"
)

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

// partition is an AWS partition and the regions that belong to it.
type partition struct {
	name   string
	region *regexp.Regexp
}

// partitions are botocore's (aws-esm.md section 4). Region names are only
// valid inside their own partition: arn:aws-cn:... with us-east-1 is wrong.
var partitions = []partition{
	{"aws", regexp.MustCompile(`^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`)},
	{"aws-cn", regexp.MustCompile(`^cn-\w+-\d+$`)},
	{"aws-us-gov", regexp.MustCompile(`^us-gov-\w+-\d+$`)},
	{"aws-eusc", regexp.MustCompile(`^eusc-(de)-\w+-\d+$`)},
	{"aws-iso", regexp.MustCompile(`^us-iso-\w+-\d+$`)},
	{"aws-iso-b", regexp.MustCompile(`^us-isob-\w+-\d+$`)},
	{"aws-iso-e", regexp.MustCompile(`^eu-isoe-\w+-\d+$`)},
	{"aws-iso-f", regexp.MustCompile(`^us-isof-\w+-\d+$`)},
}

// RegionPartition returns the partition a region name belongs to.
func RegionPartition(region string) (string, bool) {
	for _, p := range partitions {
		if p.region.MatchString(region) {
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
// flagged before the schema itself would reject it.
var (
	rePartition   = regexp.MustCompile(`^aws[a-zA-Z0-9-]*$`)
	reService     = regexp.MustCompile(`^[a-zA-Z0-9-]+$`)
	reRegion      = regexp.MustCompile(`^(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d$`)
	reAccount     = regexp.MustCompile(`^\d{12}$`)
	reStreamName  = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`) // Kinesis streams and consumers alike
	reTableName   = regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,255}$`)
	reStreamLabel = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$`)
	reTimestamp   = regexp.MustCompile(`^\d+$`)
)

// hasVariable reports whether s contains a Serverless variable (`${...}`) or
// a pseudo-parameter reference (`#{...}`), whose value is only known at
// deploy time. (The serverless package has the same test; catalog cannot
// import it.)
func hasVariable(s string) bool {
	return strings.Contains(s, "${") || strings.Contains(s, "#{")
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
	fields := SplitOutsideVariables(s, ':', -1)
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
	case hasVariable(s):
		// The first field with a variable may stand for itself and every
		// missing field after it, up to the resource.
		v := 0
		for !hasVariable(rest[v]) {
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
		if hasVariable(*p) {
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
	segs := SplitOutsideVariables(a.Resource, '/', -1)
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
		if len(segs) == 1 && len(SplitOutsideVariables(a.Resource, ':', -1)) == 1 && a.Resource != "" {
			a.Kind, a.Name = ARNSNSTopic, a.Resource
		}
	case "sqs":
		if len(segs) == 1 && len(SplitOutsideVariables(a.Resource, ':', -1)) == 1 && a.Resource != "" {
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
	check(PartPartition, rePartition.MatchString(a.Partition))
	check(PartService, reService.MatchString(a.Service))

	regional := a.Kind != ARNOther && a.Kind != ARNS3Bucket
	check(PartRegion, (!regional && a.Region == "") || reRegion.MatchString(a.Region))
	if p, ok := knownPartition(a.Partition); ok && a.Region != "" && !a.Unresolved.Has(PartRegion) && !a.Invalid.Has(PartRegion) {
		check(PartRegion, p.region.MatchString(a.Region))
	}
	if regional {
		check(PartAccount, reAccount.MatchString(a.Account))
	}

	switch a.Kind {
	case ARNKinesisStream:
		check(PartResource, reStreamName.MatchString(a.Name))
	case ARNKinesisConsumer:
		check(PartResource, reStreamName.MatchString(a.Name))
		check(PartResource, reStreamName.MatchString(a.ConsumerName))
		check(PartResource, reTimestamp.MatchString(a.ConsumerCreation))
	case ARNDynamoDBTable:
		check(PartResource, reTableName.MatchString(a.Name))
	case ARNDynamoDBStream:
		check(PartResource, reTableName.MatchString(a.Name))
		check(PartResource, reStreamLabel.MatchString(a.StreamLabel))
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
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case (s[i] == '$' || s[i] == '#') && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == sep && depth == 0 && (n < 0 || len(out) < n-1):
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
