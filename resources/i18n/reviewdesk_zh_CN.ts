<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>CompareWidget</name>
        <message>
            <source>Open a report to compare it with last year's.</source>
            <translation>打开一份报告，即可与上一年度对比。</translation>
        </message>
        <message>
            <source>No cross-year findings.</source>
            <translation>没有跨年度问题。</translation>
        </message>
        <message>
            <source>Pair with…</source>
            <translation>配对…</translation>
        </message>
        <message>
            <source>Choose last year's report to compare this one with</source>
            <translation>选择与本报告对比的上一年度报告</translation>
        </message>
        <message>
            <source>Unpair</source>
            <translation>取消配对</translation>
        </message>
        <message>
            <source>Do not compare this report with last year's</source>
            <translation>本报告不与上一年度报告对比</translation>
        </message>
        <message>
            <source>Pair automatically</source>
            <translation>恢复自动配对</translation>
        </message>
        <message>
            <source>Forget the choice made by hand: pair by agency and year</source>
            <translation>撤销手动选择：按机关和年度自动配对</translation>
        </message>
        <message>
            <source>The report it was paired with by hand is not open.</source>
            <translation>手动配对的上一年度报告未打开。</translation>
        </message>
        <message>
            <source>Unpaired by hand: the cross-year rules do not run on it.</source>
            <translation>已手动取消配对：本报告不做跨年度检查。</translation>
        </message>
        <message>
            <source>Last year's report of this agency (%1, %2) is not in the queue: open it too, or pair by hand.</source>
            <translation>队列中没有该机关上一年度（%1，%2年）的报告：一并打开，或手动配对。</translation>
        </message>
        <message>
            <source>Not paired: %1.</source>
            <translation>未配对：%1。</translation>
        </message>
        <message>
            <source>paired by hand</source>
            <translation>手动配对</translation>
        </message>
        <message>
            <source>paired automatically</source>
            <translation>自动配对</translation>
        </message>
        <message>
            <source>Compared: %1 ↔ %2</source>
            <translation>对比：%1 ↔ %2</translation>
        </message>
        <message>
            <source>%1, %2. Changed cells are yellow.</source>
            <translation>%1，%2。数值变化的单元格以黄色标出。</translation>
        </message>
    </context>
    <context>
        <name>FindingsModel</name>
        <message>
            <source>Severity</source>
            <translation>级别</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>规则</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>表格</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审阅状态</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>批注</translation>
        </message>
        <message>
            <source>expected %1, found %2</source>
            <translation>应为 %1，实为 %2</translation>
        </message>
    </context>
    <context>
        <name>LoadController</name>
        <message>
            <source>%1 reports loaded</source>
            <translation>已载入 %1 份报告</translation>
        </message>
        <message>
            <source>Loading failed</source>
            <translation>加载失败</translation>
        </message>
        <message>
            <source>Loading cancelled</source>
            <translation>已取消载入</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>ReviewDesk — annual report review</source>
            <translation>年报审阅台 — 政府信息公开工作年度报告审阅</translation>
        </message>
        <message>
            <source>Annotation store error: %1</source>
            <translation>批注库出错：%1</translation>
        </message>
        <message>
            <source>Original</source>
            <translation>原文</translation>
        </message>
        <message>
            <source>Folder overview</source>
            <translation>文件夹总览</translation>
        </message>
        <message>
            <source>Year comparison</source>
            <translation>跨年对比</translation>
        </message>
        <message>
            <source>Clear list</source>
            <translation>清空列表</translation>
        </message>
        <message>
            <source>Open reports</source>
            <translation>打开报告</translation>
        </message>
        <message>
            <source>Reports (%1)</source>
            <translation>年度报告 (%1)</translation>
        </message>
        <message>
            <source>Open a folder of reports</source>
            <translation>打开报告文件夹</translation>
        </message>
        <message>
            <source>The file could not be read.</source>
            <translation>文件无法读取。</translation>
        </message>
        <message>
            <source>The 2008 format has no statistical tables.</source>
            <translation>2008 年格式没有统计表格。</translation>
        </message>
        <message>
            <source>This table is missing from the report.</source>
            <translation>报告中缺少这张表。</translation>
        </message>
        <message>
            <source>unreviewed</source>
            <translation>未审阅</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 · format %4&lt;br&gt;errors %5 · warnings %6 · review: %7</source>
            <translation>&lt;b&gt;%1&lt;/b&gt; · %2年 · %3 · %4格式&lt;br&gt;错误 %5 · 警告 %6 · 审阅：%7</translation>
        </message>
        <message>
            <source>Annotations: %1</source>
            <translation>批注：%1</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>Open file…</source>
            <translation>打开文件…</translation>
        </message>
        <message>
            <source>Open folder…</source>
            <translation>打开文件夹…</translation>
        </message>
        <message>
            <source>Recent</source>
            <translation>最近打开</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Current report…</source>
            <translation>当前报告…</translation>
        </message>
        <message>
            <source>Whole queue…</source>
            <translation>全部报告…</translation>
        </message>
        <message>
            <source>Preferences…</source>
            <translation>首选项…</translation>
        </message>
        <message>
            <source>Close queue</source>
            <translation>关闭全部报告</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>重做</translation>
        </message>
        <message>
            <source>&amp;Review</source>
            <translation>审阅(&amp;R)</translation>
        </message>
        <message>
            <source>Next finding</source>
            <translation>下一个问题</translation>
        </message>
        <message>
            <source>Previous finding</source>
            <translation>上一个问题</translation>
        </message>
        <message>
            <source>Next report</source>
            <translation>下一份报告</translation>
        </message>
        <message>
            <source>Previous report</source>
            <translation>上一份报告</translation>
        </message>
        <message>
            <source>Mark selection: %1</source>
            <translation>标记所选：%1</translation>
        </message>
        <message>
            <source>Clear status</source>
            <translation>清除状态</translation>
        </message>
        <message>
            <source>Mark whole report</source>
            <translation>标记整份报告</translation>
        </message>
        <message>
            <source>Comment…</source>
            <translation>批注…</translation>
        </message>
        <message>
            <source>Review the report itself</source>
            <translation>批注整份报告</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>放大</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>缩小</translation>
        </message>
        <message>
            <source>Next page</source>
            <translation>下一页</translation>
        </message>
        <message>
            <source>Previous page</source>
            <translation>上一页</translation>
        </message>
        <message>
            <source>Export review sheet</source>
            <translation>导出审阅单</translation>
        </message>
        <message>
            <source>Excel (*.xlsx);;PDF review sheet (*.pdf);;HTML (*.html);;CSV (*.csv)</source>
            <translation>Excel 表格 (*.xlsx);;PDF 审阅单 (*.pdf);;HTML 网页 (*.html);;CSV 文本 (*.csv)</translation>
        </message>
        <message>
            <source>Exported to %1</source>
            <translation>已导出到 %1</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>批注</translation>
        </message>
        <message>
            <source>OCR check</source>
            <translation>识别核对</translation>
        </message>
        <message>
            <source>Re&amp;port</source>
            <translation>报告(&amp;P)</translation>
        </message>
        <message>
            <source>Review history…</source>
            <translation>审阅记录…</translation>
        </message>
        <message>
            <source>Sign off…</source>
            <translation>签字确认…</translation>
        </message>
        <message>
            <source>Unlock…</source>
            <translation>解除锁定…</translation>
        </message>
        <message>
            <source>&lt;span style='background:#f8c4c0'&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;&lt;/span&gt; error &amp;nbsp; &lt;span style='background:#ffe2a8'&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;&lt;/span&gt; warning &amp;nbsp; &lt;span style='color:#0b4fb3'&gt;◤ &lt;b&gt;12&lt;/b&gt;&lt;/span&gt; corrected by the reviewer &amp;nbsp; ✎ note &amp;nbsp; — type a number over a cell to correct it</source>
            <translation>&lt;span style='background:#f8c4c0'&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;&lt;/span&gt; 错误 &amp;nbsp; &lt;span style='background:#ffe2a8'&gt;&amp;nbsp;&amp;nbsp;&amp;nbsp;&lt;/span&gt; 警告 &amp;nbsp; &lt;span style='color:#0b4fb3'&gt;◤ &lt;b&gt;12&lt;/b&gt;&lt;/span&gt; 审阅人更正 &amp;nbsp; ✎ 批注 &amp;nbsp; —— 选中单元格直接输入数字即可更正</translation>
        </message>
        <message>
            <source>&lt;span style='color:#0b3d91'&gt;signed off by %1 / %2 — locked&lt;/span&gt;</source>
            <translation>&lt;span style='color:#0b3d91'&gt;已签字（审阅人 %1，复核人 %2）· 已锁定&lt;/span&gt;</translation>
        </message>
        <message>
            <source>%1 corrected cells</source>
            <translation>已更正 %1 个单元格</translation>
        </message>
    </context>
    <context>
        <name>NotePanel</name>
        <message>
            <source>Review note</source>
            <translation>审阅批注</translation>
        </message>
        <message>
            <source>(no status)</source>
            <translation>（无状态）</translation>
        </message>
        <message>
            <source>Comment (Ctrl+M to edit, Ctrl+Enter to save)</source>
            <translation>批注（Ctrl+M 编辑，Ctrl+Enter 保存）</translation>
        </message>
        <message>
            <source>Save note</source>
            <translation>保存批注</translation>
        </message>
        <message>
            <source>Target:</source>
            <translation>对象：</translation>
        </message>
        <message>
            <source>Status:</source>
            <translation>状态：</translation>
        </message>
        <message>
            <source>(anonymous)</source>
            <translation>（未署名）</translation>
        </message>
        <message>
            <source>Take back correction</source>
            <translation>撤销此更正</translation>
        </message>
        <message>
            <source>Reason for the next correction (optional)</source>
            <translation>更正原因（可不填，用于下一次更正）</translation>
        </message>
        <message>
            <source>History…</source>
            <translation>审阅记录…</translation>
        </message>
        <message>
            <source>Who changed what and when, for this target and the whole report</source>
            <translation>谁在何时改了什么：本项及整份报告</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>更正原因：</translation>
        </message>
        <message>
            <source>Split %1: %2</source>
            <translation>拆分 %1：%2</translation>
        </message>
        <message>
            <source>Candidate splits (click one to take it):</source>
            <translation>可选拆分（单击一种即采用）：</translation>
        </message>
        <message>
            <source>Take this split: fills the finding's cells and re-checks (one undo step)</source>
            <translation>采用这种拆分：填入各单元格并重新检查（一步撤销）</translation>
        </message>
    </context>
    <context>
        <name>Operations</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>The operation failed</source>
            <translation>操作失败</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>OCR page %1/%2 – %3</source>
            <translation>文字识别 第 %1/%2 页 – %3</translation>
        </message>
    </context>
    <context>
        <name>OverviewWidget</name>
        <message>
            <source>year?</source>
            <translation>年度不明</translation>
        </message>
        <message>
            <source>missing</source>
            <translation>缺失</translation>
        </message>
        <message>
            <source>No report of %1 for %2</source>
            <translation>缺少 %1 %2 年度的报告</translation>
        </message>
        <message>
            <source>E%1 W%2</source>
            <translation>错%1 警%2</translation>
        </message>
        <message>
            <source>unreviewed</source>
            <translation>未审阅</translation>
        </message>
        <message>
            <source>%1 files</source>
            <translation>%1 个文件</translation>
        </message>
        <message>
            <source>↔ %1 (by hand)</source>
            <translation>↔ %1（手动）</translation>
        </message>
        <message>
            <source>Compared with %1, paired by hand</source>
            <translation>与 %1 对比（手动配对）</translation>
        </message>
        <message>
            <source>↔ %1</source>
            <translation>↔ %1</translation>
        </message>
        <message>
            <source>Compared with %1</source>
            <translation>与 %1 对比（自动配对）</translation>
        </message>
        <message>
            <source>unpaired</source>
            <translation>未配对</translation>
        </message>
        <message>
            <source>Unpaired by hand: not compared with last year's report</source>
            <translation>已手动取消配对：不与上一年度报告对比</translation>
        </message>
        <message>
            <source>File: %1</source>
            <translation>文件：%1</translation>
        </message>
        <message>
            <source>Folder: %1</source>
            <translation>文件夹：%1</translation>
        </message>
    </context>
    <context>
        <name>Pairing</name>
        <message>
            <source>paired by hand</source>
            <translation>手动配对</translation>
        </message>
        <message>
            <source>paired automatically</source>
            <translation>自动配对</translation>
        </message>
        <message>
            <source>Compared with last year's %1 (%2)</source>
            <translation>与上一年度 %1 对比（%2）</translation>
        </message>
        <message>
            <source>Paired by hand with a report that is not open</source>
            <translation>手动配对的上一年度报告未打开</translation>
        </message>
        <message>
            <source>Unpaired by hand: not compared with last year's report</source>
            <translation>已手动取消配对：不与上一年度报告对比</translation>
        </message>
        <message>
            <source>Not paired: no report of the year before of this agency is open</source>
            <translation>未配对：队列中没有该机关上一年度的报告</translation>
        </message>
        <message>
            <source>Pair with last year's report</source>
            <translation>与上一年度报告配对</translation>
        </message>
        <message>
            <source>Unpair</source>
            <translation>取消配对</translation>
        </message>
        <message>
            <source>Pair automatically again</source>
            <translation>恢复自动配对</translation>
        </message>
        <message>
            <source>Last year's report of %1</source>
            <translation>是 %1 的上一年度报告</translation>
        </message>
        <message>
            <source>agency unknown</source>
            <translation>机关不明</translation>
        </message>
        <message>
            <source>No report of %1 is open</source>
            <translation>队列中没有 %1 年度的报告</translation>
        </message>
        <message>
            <source>%1 is now compared with %2</source>
            <translation>%1 已与 %2 配对</translation>
        </message>
        <message>
            <source>%1 is no longer compared with last year's report</source>
            <translation>%1 已取消配对，不再与上一年度报告对比</translation>
        </message>
    </context>
    <context>
        <name>PdfPageView</name>
        <message>
            <source>Previous page (PgUp)</source>
            <translation>上一页 (PgUp)</translation>
        </message>
        <message>
            <source>Next page (PgDown)</source>
            <translation>下一页 (PgDown)</translation>
        </message>
        <message>
            <source>Zoom out (Ctrl+-)</source>
            <translation>缩小 (Ctrl+-)</translation>
        </message>
        <message>
            <source>Zoom in (Ctrl++)</source>
            <translation>放大 (Ctrl++)</translation>
        </message>
        <message>
            <source>Fit page width</source>
            <translation>适合页宽</translation>
        </message>
        <message>
            <source>No page to show</source>
            <translation>没有可显示的页面</translation>
        </message>
        <message>
            <source>This page could not be rendered</source>
            <translation>本页无法显示</translation>
        </message>
    </context>
    <context>
        <name>PreferencesDialog</name>
        <message>
            <source>Preferences</source>
            <translation>首选项</translation>
        </message>
        <message>
            <source>Your name, printed on notes and review sheets</source>
            <translation>您的姓名，记在批注和审阅单上</translation>
        </message>
        <message>
            <source>Reviewer:</source>
            <translation>审阅人：</translation>
        </message>
    </context>
    <context>
        <name>QueueModel</name>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Agency</source>
            <translation>发布机关</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年度</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>格式</translation>
        </message>
        <message>
            <source>Errors</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>Warnings</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审阅</translation>
        </message>
        <message>
            <source>unreadable</source>
            <translation>无法读取</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>未知</translation>
        </message>
    </context>
    <context>
        <name>QueuePane</name>
        <message>
            <source>Filter: file, agency, year</source>
            <translation>筛选：文件名、机关、年度</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>With errors</source>
            <translation>有错误</translation>
        </message>
        <message>
            <source>With warnings</source>
            <translation>有警告</translation>
        </message>
        <message>
            <source>Not reviewed</source>
            <translation>未审阅</translation>
        </message>
    </context>
    <context>
        <name>ReviewController</name>
        <message>
            <source>The whole report</source>
            <translation>整份报告</translation>
        </message>
        <message>
            <source>Finding %1: %2</source>
            <translation>问题 %1：%2</translation>
        </message>
        <message>
            <source>Cell %1 / %2 / %3</source>
            <translation>单元格 %1 / %2 / %3</translation>
        </message>
        <message>
            <source>Note saved</source>
            <translation>批注已保存</translation>
        </message>
        <message>
            <source>Nothing to undo</source>
            <translation>没有可撤销的操作</translation>
        </message>
        <message>
            <source>Nothing to redo</source>
            <translation>没有可重做的操作</translation>
        </message>
        <message>
            <source>Undone in %1</source>
            <translation>已撤销“%1”中的修改（已切换到该报告）</translation>
        </message>
        <message>
            <source>Redone in %1</source>
            <translation>已重做“%1”中的修改（已切换到该报告）</translation>
        </message>
        <message>
            <source>Undone</source>
            <translation>已撤销</translation>
        </message>
        <message>
            <source>Redone</source>
            <translation>已重做</translation>
        </message>
        <message>
            <source>Signed off by %1 and %2 (%3): %4. Locked — unlock it (Report menu) to change anything.</source>
            <translation>已由 %1（审阅人）、%2（复核人）于 %3 签字确认：%4。已锁定——如需修改，请在“报告”菜单中解除锁定。</translation>
        </message>
        <message>
            <source>Printed %1 → corrected %2 (%3, %4)</source>
            <translation>原报 %1 → 更正 %2（%3，%4）</translation>
        </message>
        <message>
            <source>(nothing)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>blank</source>
            <translation>空白</translation>
        </message>
        <message>
            <source>(anonymous)</source>
            <translation>（未署名）</translation>
        </message>
        <message>
            <source>; reason: %1</source>
            <translation>；原因：%1</translation>
        </message>
        <message>
            <source>Finding no longer found — note: %1 (%2)</source>
            <translation>问题已不存在——批注：%1（%2）</translation>
        </message>
        <message>
            <source>Correction without its cell: %1 = %2 (%3)</source>
            <translation>未对应的更正：%1 = %2（%3）</translation>
        </message>
        <message>
            <source>Corrected; re-checked in %1 ms</source>
            <translation>已更正，重新检查用时 %1 毫秒</translation>
        </message>
        <message>
            <source>Split %1 taken; re-checked</source>
            <translation>已采用拆分 %1，已重新检查</translation>
        </message>
        <message>
            <source>This report is not signed off.</source>
            <translation>该报告尚未签字。</translation>
        </message>
        <message>
            <source>Correction: %1</source>
            <translation>更正：%1</translation>
        </message>
        <message>
            <source>Finding no longer found (%1)</source>
            <translation>问题已不存在（%1）</translation>
        </message>
    </context>
    <context>
        <name>SourceView</name>
        <message>
            <source>Open a report: File ▸ Open file… or drop files here</source>
            <translation>打开报告：文件 ▸ 打开文件…，或把文件拖到这里</translation>
        </message>
        <message>
            <source>Nothing to show</source>
            <translation>无可显示内容</translation>
        </message>
    </context>
    <context>
        <name>TableModel</name>
        <message>
            <source>missing</source>
            <translation>缺失</translation>
        </message>
        <message>
            <source>blank</source>
            <translation>空白</translation>
        </message>
        <message>
            <source>placeholder (—, /, 无)</source>
            <translation>占位符（—、/、无）</translation>
        </message>
        <message>
            <source>not a number</source>
            <translation>非数字</translation>
        </message>
        <message>
            <source>This row is missing from the report.</source>
            <translation>报告中缺少这一行。</translation>
        </message>
        <message>
            <source>The format has no such cell in this row.</source>
            <translation>该格式中本行没有这一栏。</translation>
        </message>
        <message>
            <source>Original text: %1</source>
            <translation>原文：%1</translation>
        </message>
        <message>
            <source>Unit: %1</source>
            <translation>单位：%1</translation>
        </message>
        <message>
            <source>Cell status: %1</source>
            <translation>单元格状态：%1</translation>
        </message>
        <message>
            <source>Inferred: split from glued digits by the row's arithmetic</source>
            <translation>推断值：按本行算术关系拆分粘连数字所得</translation>
        </message>
        <message>
            <source>Note: %1</source>
            <translation>批注：%1</translation>
        </message>
        <message>
            <source>Printed: %1 → corrected: %2</source>
            <translation>原报：%1 → 更正：%2</translation>
        </message>
        <message>
            <source>(nothing)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>Corrected by %1 at %2</source>
            <translation>更正人 %1，时间 %2</translation>
        </message>
        <message>
            <source>(anonymous)</source>
            <translation>（未署名）</translation>
        </message>
        <message>
            <source>Reason: %1</source>
            <translation>原因：%1</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>Info</source>
            <translation>提示</translation>
        </message>
        <message>
            <source>Article 20</source>
            <translation>第二十条</translation>
        </message>
        <message>
            <source>Applications</source>
            <translation>申请办理</translation>
        </message>
        <message>
            <source>Reviews &amp; litigation</source>
            <translation>复议诉讼</translation>
        </message>
    </context>
    <context>
        <name>ocr</name>
        <message>
            <source>Read by OCR, confidence %1</source>
            <translation>文字识别，置信度 %1</translation>
        </message>
        <message>
            <source> — uncertain: compare with the page and confirm or correct it</source>
            <translation>——把握不大：请对照原图确认或更正</translation>
        </message>
        <message>
            <source> — confirmed as read</source>
            <translation>——已按原文确认</translation>
        </message>
        <message>
            <source> — corrected by the reviewer</source>
            <translation>——已由审阅人更正</translation>
        </message>
    </context>
    <context>
        <name>OcrPanel</name>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>The value read is what the page shows</source>
            <translation>识别结果与原图一致</translation>
        </message>
        <message>
            <source>Correct…</source>
            <translation>更正…</translation>
        </message>
        <message>
            <source>Enter the value the page shows</source>
            <translation>输入原图上的数值</translation>
        </message>
        <message>
            <source>Next to confirm</source>
            <translation>下一个待确认</translation>
        </message>
        <message>
            <source>The next uncertain reading, least confident first</source>
            <translation>下一个把握不大的识别结果（置信度由低到高）</translation>
        </message>
        <message>
            <source>Read as:</source>
            <translation>识别为：</translation>
        </message>
        <message>
            <source>Select a cell read by OCR (marked 识) to compare it with the page.</source>
            <translation>选择一个经文字识别的单元格（标有“识”），即可与原图对照。</translation>
        </message>
        <message>
            <source>The page image could not be shown</source>
            <translation>无法显示原图</translation>
        </message>
        <message>
            <source>In the tables: ┆ read by OCR · 识? uncertain, to confirm · ✓ confirmed</source>
            <translation>表中：┆ 文字识别 · 识? 把握不大，待确认 · ✓ 已确认或已更正</translation>
        </message>
    </context>
    <context>
        <name>OcrController</name>
        <message>
            <source>Next to confirm (%1)</source>
            <translation>下一个待确认（%1）</translation>
        </message>
        <message>
            <source>This report was not read by OCR.</source>
            <translation>这份报告未经文字识别。</translation>
        </message>
        <message>
            <source>Select a cell read by OCR (marked 识) to compare it with the page.</source>
            <translation>选择一个经文字识别的单元格（标有“识”），即可与原图对照。</translation>
        </message>
        <message>
            <source>%1 / %2 / %3 on page %4</source>
            <translation>%1 / %2 / %3，第 %4 页</translation>
        </message>
        <message>
            <source>Read by OCR, confidence %1</source>
            <translation>文字识别，置信度 %1</translation>
        </message>
        <message>
            <source>Uncertain: compare with the page, then confirm or correct it.</source>
            <translation>把握不大：请对照原图，确认或更正。</translation>
        </message>
        <message>
            <source>Confirmed as read by %1</source>
            <translation>已由 %1 按原文确认</translation>
        </message>
        <message>
            <source>Corrected to %1 by %2</source>
            <translation>已由 %2 更正为 %1</translation>
        </message>
        <message>
            <source>Loading the page image…</source>
            <translation>正在载入原图…</translation>
        </message>
        <message>
            <source>Not a value</source>
            <translation>不是有效数值</translation>
        </message>
        <message>
            <source>Correct the reading</source>
            <translation>更正识别结果</translation>
        </message>
        <message>
            <source>The value the page shows (empty or “blank” for a blank cell):</source>
            <translation>原图上的数值（空单元格请留空或填“blank”）：</translation>
        </message>
    </context>
    <context>
        <name>SignOffDialog</name>
        <message>
            <source>Sign off</source>
            <translation>签字确认</translation>
        </message>
        <message>
            <source>A second person who checked the review</source>
            <translation>另一位复核此次审阅的人</translation>
        </message>
        <message>
            <source>Sign off %1. It is then locked against edits until unlocked with a reason.</source>
            <translation>签字确认 %1。签字后报告锁定，不能再修改，除非说明原因解除锁定。</translation>
        </message>
        <message>
            <source>Conclusion:</source>
            <translation>审阅结论：</translation>
        </message>
        <message>
            <source>Reviewer:</source>
            <translation>审阅人：</translation>
        </message>
        <message>
            <source>Second reviewer:</source>
            <translation>复核人：</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <source>Unlock</source>
            <translation>解除锁定</translation>
        </message>
        <message>
            <source>Why the signed report must change (kept in the history)</source>
            <translation>已签字的报告为何需要修改（记入审阅记录）</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>原因：</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <source>Review history — %1</source>
            <translation>审阅记录 — %1</translation>
        </message>
        <message>
            <source>Only the selected item</source>
            <translation>只看所选项</translation>
        </message>
        <message>
            <source>Nothing recorded yet.</source>
            <translation>尚无记录。</translation>
        </message>
        <message>
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>人员</translation>
        </message>
        <message>
            <source>What</source>
            <translation>对象</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>项目</translation>
        </message>
        <message>
            <source>Old → new</source>
            <translation>原值 → 新值</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>comment</source>
            <translation>批注</translation>
        </message>
        <message>
            <source>correction</source>
            <translation>更正</translation>
        </message>
        <message>
            <source>sign-off</source>
            <translation>签字</translation>
        </message>
        <message>
            <source>unlock</source>
            <translation>解除锁定</translation>
        </message>
        <message>
            <source>note moved</source>
            <translation>批注迁移</translation>
        </message>
        <message>
            <source>printed %1</source>
            <translation>原报 %1</translation>
        </message>
    </context>
</TS>
