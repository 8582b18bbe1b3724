package lsp

import "testing"

func TestIsServerlessURI(t *testing.T) {
	for _, tc := range []struct {
		uri  string
		want bool
	}{
		{"file:///home/me/app/serverless.yml", true},
		{"file:///home/me/app/serverless.yaml", true},
		{"file:///C:/Users/me/app/serverless.yml", true},
		{"file:///c%3A/Users/me/app/serverless.yml", true},
		{"file:///home/me/a%20b/serverless.yml", true},
		{"file:///home/me/app/serverless.yml?x=1#top", true},
		{"vscode-remote://ssh-remote%2Bhost/app/serverless.yml", true},
		{"untitled:serverless.yml", true},
		{"%zz/serverless.yml", true}, // not a URL; judged by its text
		{"file:///home/me/app/serverless.yml.bak", false},
		{"file:///home/me/app/my-serverless.yml", false},
		{"file:///home/me/serverless.yml/config.yml", false},
		{"untitled:Untitled-1", false},
		{"", false},
	} {
		if got := isServerlessURI(tc.uri); got != tc.want {
			t.Errorf("isServerlessURI(%q) = %v, want %v", tc.uri, got, tc.want)
		}
	}
}
