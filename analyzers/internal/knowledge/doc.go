// Package knowledge holds, as data, the APIs conclint's analyzers reason
// about: handler signatures of web frameworks, functions that use
// http.DefaultClient, blocking calls, context-taking variants, pooled-client
// constructors. Every entry carries a one-line reason. Analyzers read these
// tables rather than hard-coding names, so a new API is one line here.
//
// Third-party APIs are named by import path and identifier: conclint never
// depends on the frameworks and clients it knows about.
package knowledge
