package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/stream-ls/stream-ls/analysis/settings"
)

// Settings reach the server three ways, and each client uses some of them:
// initializationOptions when it starts (VS Code sends the streamLs.settings
// object there, as do the Neovim, Emacs, Vim and JetBrains integrations),
// workspace/configuration when the client can answer it (section
// "streamLs"), and workspace/didChangeConfiguration when they change. The
// workspace configuration is overlaid on the initialization options, so a
// client that sends both gets the newer values where they differ.

// configSection is the section the server asks for. VS Code answers with
// all streamLs.* settings, so the stream-ls settings sit under its
// "settings" key; other clients may answer with the settings object itself.
const configSection = "streamLs"

// configFetchTimeout bounds the wait for a workspace/configuration answer,
// during which no other message is handled: a client that never answers
// must not stall the server.
const configFetchTimeout = 5 * time.Second

// config holds the settings in effect, and what they were made from.
type config struct {
	mu sync.Mutex
	// supported is whether the client answers workspace/configuration;
	// register, whether it must be asked to send didChangeConfiguration
	// (VS Code sends it only to servers that register for it).
	supported, register bool
	initial             settings.Settings // from initializationOptions
	workspace           settings.Settings // from the workspace configuration, if any
	effective           settings.Settings
	// generation counts changes of effective, so that results computed
	// under older settings can be recognised.
	generation uint64
}

// current returns the settings in effect and their generation.
func (c *config) current() (settings.Settings, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.effective, c.generation
}

// set replaces one source of settings and reports whether the settings in
// effect changed.
func (c *config) set(initial *settings.Settings, workspace *settings.Settings) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if initial != nil {
		c.initial = *initial
	}
	if workspace != nil {
		c.workspace = *workspace
	}
	next := c.initial.Overlay(c.workspace)
	if next.Equal(c.effective) {
		return false
	}
	c.effective = next
	c.generation++
	return true
}

// decodeSettings reads a settings object sent by the client. A value that
// holds all of the client's streamLs settings has the stream-ls settings
// under "settings". null means "none". Problems are returned for the user;
// keys this version does not know are only logged, because the editors'
// settings are forward-compatible by design.
func (s *server) decodeSettings(origin string, v any) (*settings.Settings, []string) {
	if v == nil {
		return nil, nil
	}
	if obj, ok := v.(map[string]any); ok {
		if inner, ok := obj["settings"].(map[string]any); ok {
			v = inner
		}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, []string{fmt.Sprintf("%s: %v", origin, err)}
	}
	st, problems, unknown, err := settings.Decode(data)
	if err != nil {
		return nil, []string{fmt.Sprintf("%s: %v", origin, err)}
	}
	if len(unknown) > 0 {
		s.log.Info("settings this version does not know are ignored", zap.String("origin", origin), zap.Strings("keys", unknown))
	}
	for i, p := range problems {
		problems[i] = origin + ": " + p
	}
	return &st, problems
}

// reportSettingsProblems tells the user which settings are ignored: a
// setting that silently does nothing is worse than a message.
func (s *server) reportSettingsProblems(ctx context.Context, problems []string) {
	if len(problems) == 0 {
		return
	}
	s.log.Warn("invalid settings ignored", zap.Strings("problems", problems))
	s.showMessage(ctx, protocol.MessageTypeWarning, "stream-ls ignores some settings: "+strings.Join(problems, "; "))
}

// fetchWorkspaceSettings asks the client for the streamLs section. It
// returns nil when the client does not support the request, fails, or has
// no such section.
func (s *server) fetchWorkspaceSettings(ctx context.Context) (*settings.Settings, []string) {
	s.cfg.mu.Lock()
	supported := s.cfg.supported
	s.cfg.mu.Unlock()
	if !supported {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), configFetchTimeout)
	defer cancel()
	res, err := s.client.Configuration(ctx, &protocol.ConfigurationParams{
		Items: []protocol.ConfigurationItem{{Section: configSection}},
	})
	if err != nil {
		s.log.Warn("workspace/configuration failed", zap.Error(err))
		return nil, nil
	}
	if len(res) == 0 {
		return nil, nil
	}
	return s.decodeSettings("workspace settings ("+configSection+")", res[0])
}

// registerForConfigurationChanges asks a client that wants it to notify
// the server of settings changes.
func (s *server) registerForConfigurationChanges(ctx context.Context) {
	s.cfg.mu.Lock()
	register := s.cfg.register
	s.cfg.mu.Unlock()
	if !register {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), configFetchTimeout)
	defer cancel()
	err := s.client.RegisterCapability(ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID: "stream-ls/didChangeConfiguration", Method: protocol.MethodWorkspaceDidChangeConfiguration,
	}}})
	if err != nil {
		s.log.Warn("client/registerCapability failed; settings changes need a restart", zap.Error(err))
	}
}

// DidChangeConfiguration takes the new settings from the notification when
// it carries them (params.settings.streamLs), or asks the client for them,
// and re-analyses every open document if the settings in effect changed.
func (s *server) DidChangeConfiguration(ctx context.Context, params *protocol.DidChangeConfigurationParams) error {
	var st *settings.Settings
	var problems []string
	if all, ok := params.Settings.(map[string]any); ok && all[configSection] != nil {
		st, problems = s.decodeSettings("workspace settings ("+configSection+")", all[configSection])
	} else {
		st, problems = s.fetchWorkspaceSettings(ctx)
	}
	s.reportSettingsProblems(ctx, problems)
	if st == nil {
		return nil
	}
	if s.cfg.set(nil, st) {
		eff, gen := s.cfg.current()
		s.log.Info("settings changed", zap.Stringer("settings", eff), zap.Uint64("generation", gen))
		s.diags.refresh()
	}
	return nil
}
