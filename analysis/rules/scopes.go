package rules

// The syntax rules predate Scope; they read only the syntax facts, so an
// incremental analysis need not build the whole model for them. (These
// declarations belong in the rules' own files; they live here until those
// files take them over.)

func (yamlSyntax) Scope() Scope       { return ScopeSyntax }
func (yamlDuplicateKey) Scope() Scope { return ScopeSyntax }
