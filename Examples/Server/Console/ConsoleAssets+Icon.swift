//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension ConsoleAssets {
    /// `favicon.svg`: the tab icon (so the browser does not ask for `/favicon.ico`).
    static let favicon = #"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="5" cy="8" r="4" fill="#3b82f6"/><circle cx="11" cy="8" r="4" fill="#10b981" fill-opacity="0.8"/></svg>
        """#
}
