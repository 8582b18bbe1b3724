;;; probe.el --- batch test of editors/emacs/stream-ls.el with real Eglot  -*- lexical-binding: t; -*-

;; Run by editors/editors_test.go:
;;
;;   STREAM_LS_CMD=/path/to/stream-ls STREAM_LS_EMACS_DIR=editors/emacs \
;;   PROBE_DIR=/tmp/project PROBE_OUT=/tmp/out.json emacs --batch -l editors/emacs/test/probe.el
;;
;; Not `emacs -Q': Debian activates its elpa-* packages (eglot among them)
;; from site-start.d, which -Q skips.  Writes one JSON object with what the
;; user would see to PROBE_OUT; the Go test makes the assertions.  Every
;; wait is bounded.

(require 'json)
(add-to-list 'load-path (getenv "STREAM_LS_EMACS_DIR"))
(require 'stream-ls)
(setq stream-ls-program (getenv "STREAM_LS_CMD"))

(defvar probe-t0 (float-time))
(defvar probe-out nil "Alist printed as JSON at the end.")
(defvar probe-raw nil "Diagnostics of the last publishDiagnostics.")
(defun probe-put (k v) (setq probe-out (cons (cons k v) probe-out)))

(defun probe-wait (pred secs)
  "Process output until PRED is non-nil or SECS pass; return PRED's value."
  (let ((deadline (+ (float-time) secs)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun probe-finish (code)
  (probe-put 'finish_at (- (float-time) probe-t0))
  (with-temp-file (getenv "PROBE_OUT")
    (insert (json-encode probe-out) "\n"))
  (let ((s (ignore-errors (eglot-current-server))))
    (when s (ignore-errors (eglot-shutdown s))))
  (kill-emacs code))

(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq probe-raw (plist-get params :diagnostics)))))

(condition-case err
    (let ((dir (getenv "PROBE_DIR")))
      ;; Another YAML file must not get the serverless mode (so no server).
      (find-file (expand-file-name "other.yml" dir))
      (probe-put 'other_yml_mode (symbol-name major-mode))
      (find-file (expand-file-name "serverless.yml" dir))
      (probe-put 'serverless_yml_mode (symbol-name major-mode))
      ;; The mode hook ran eglot-ensure, which connects on the next
      ;; command; batch mode runs no commands, so run the hook by hand.
      (run-hooks 'post-command-hook)
      (let ((server (probe-wait (lambda () (eglot-current-server)) 15)))
        (unless server (error "Eglot did not start stream-ls"))
        (probe-put 'language_id (eglot--language-id server))
        (probe-put 'raw_diagnostics
                   (or (probe-wait (lambda () (and (> (length probe-raw) 0) probe-raw)) 15) []))
        (probe-put 'raw_at (- (float-time) probe-t0))
        ;; What the user sees: Flymake's diagnostics in the buffer.
        ;; Flymake can only show what was published; don't wait for it
        ;; when nothing was.
        (when probe-raw (probe-wait #'flymake-diagnostics 15))
        (probe-put 'flymake_at (- (float-time) probe-t0))
        (probe-put 'flymake
                   (or (mapcar (lambda (d)
                                 `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                   (type . ,(symbol-name (flymake-diagnostic-type d)))
                                   (text . ,(flymake-diagnostic-text d))))
                               (flymake-diagnostics))
                       []))
        ;; Hover on the `consumer' key answers (result may be null).
        (goto-char (point-min))
        (search-forward "consumer: true")
        (beginning-of-line)
        (skip-chars-forward " ")
        (forward-char 2)
        (probe-put 'hover
                   (condition-case herr
                       `((answered . t)
                         ;; A null result decodes to nil, which encodes as null.
                         (result . ,(jsonrpc-request server :textDocument/hover
                                                     (eglot--TextDocumentPositionParams)
                                                     :timeout 10)))
                     (error `((answered . :json-false)
                              (error . ,(format "%S" herr))))))
        (probe-finish 0)))
  (error
   (probe-put 'error (format "%S" err))
   (probe-finish 1)))
