;;; stream-ls.el --- Eglot setup for stream-ls, the serverless.yml stream-events language server  -*- lexical-binding: t; -*-

;; URL: https://github.com/stream-ls/stream-ls
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))

;;; Commentary:

;; stream-ls checks the `stream' events (Kinesis and DynamoDB Streams to
;; Lambda) of Serverless Framework serverless.yml files.
;;
;; This file gives serverless.yml / serverless.yaml their own major mode,
;; `serverless-yaml-mode' (derived from `yaml-mode' when installed, so
;; highlighting and indentation stay the same), and tells Eglot to run
;; stream-ls for that mode only.  Other YAML files keep whatever they had,
;; including another YAML language server.
;;
;; Usage (init.el):
;;
;;   (add-to-list 'load-path "/path/to/stream-ls/editors/emacs")
;;   (require 'stream-ls)
;;
;; Eglot then starts on opening a serverless.yml.  Set `stream-ls-program'
;; if stream-ls is not on `exec-path'.

;;; Code:

(require 'eglot)

(defgroup stream-ls nil
  "Eglot client settings for stream-ls."
  :group 'eglot
  :prefix "stream-ls-")

(defcustom stream-ls-program "stream-ls"
  "The stream-ls executable: a name looked up on `exec-path', or a path."
  :type 'string)

(defcustom stream-ls-initialization-options nil
  "stream-ls's own settings, sent as LSP initializationOptions.
A plist such as (:someSetting t), encoded as a JSON object.  nil sends {}.
Forward-compatible: the server ignores keys it does not know."
  :type '(plist :key-type keyword :value-type sexp))

(defcustom stream-ls-auto-start t
  "Non-nil means start Eglot when a serverless.yml is opened."
  :type 'boolean)

;; The parent mode is picked when this file loads: yaml-mode (MELPA) keeps
;; the user's usual YAML editing; without it, text-mode still gets the
;; diagnostics.
(defalias 'stream-ls--parent-mode
  (cond ((fboundp 'yaml-mode) 'yaml-mode)
        ((and (fboundp 'yaml-ts-mode)
              (fboundp 'treesit-language-available-p)
              (treesit-language-available-p 'yaml))
         'yaml-ts-mode)
        (t 'text-mode)))

;;;###autoload
(define-derived-mode serverless-yaml-mode stream-ls--parent-mode "Serverless-YAML"
  "Major mode for Serverless Framework serverless.yml files, checked by stream-ls.")

;;;###autoload
(add-to-list 'auto-mode-alist '("/serverless\\.ya?ml\\'" . serverless-yaml-mode))

(defun stream-ls--contact (&optional _interactive)
  "The Eglot contact for stream-ls, read from the options at start time."
  (list stream-ls-program "--stdio"
        :initializationOptions stream-ls-initialization-options))

;; :language-id: Eglot would otherwise send languageId "serverless-yaml".
(add-to-list 'eglot-server-programs
             '((serverless-yaml-mode :language-id "yaml") . stream-ls--contact))

(defun stream-ls--maybe-start ()
  "Start Eglot in this buffer if `stream-ls-auto-start' is set."
  (when stream-ls-auto-start
    (eglot-ensure)))

(add-hook 'serverless-yaml-mode-hook #'stream-ls--maybe-start)

(provide 'stream-ls)
;;; stream-ls.el ends here
