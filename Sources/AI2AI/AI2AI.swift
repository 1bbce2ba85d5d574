//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

@_exported public import AI2AICore
@_exported public import AI2AIOrchestrator
@_exported public import AI2AIProviders
@_exported public import AI2AIStorage
