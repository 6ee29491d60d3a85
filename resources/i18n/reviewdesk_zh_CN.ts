<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AnnotationController</name>
    <message>
        <location filename="../../gui/annotations_ctl.py" line="145" />
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/annotations_ctl.py" line="145" />
        <source>comment</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../gui/annotations_ctl.py" line="147" />
        <source>Change %1</source>
        <translation>修改%1</translation>
    </message>
</context>
<context>
    <name>CompareWidget</name>
    <message>
        <location filename="../../gui/compare.py" line="63" />
        <source>Open a report to compare it with last year's.</source>
        <translation>打开一份报告，即可与上一年度对比。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="68" />
        <source>Last year's report of this agency (%1, %2) is not in the queue: open it too to compare.</source>
        <translation>队列中没有该机关上一年度（%1，%2年）的报告：一并打开即可对比。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="75" />
        <source>%1: %2 compared with %3. Changed cells are yellow.</source>
        <translation>%1：%2 年与 %3 年对比。数值变化的单元格以黄色标出。</translation>
    </message>
    <message>
        <location filename="../../gui/compare.py" line="91" />
        <source>No cross-year findings.</source>
        <translation>没有跨年度问题。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../../gui/findings_model.py" line="68" />
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="69" />
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="70" />
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="71" />
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="72" />
        <source>Review</source>
        <translation>审阅状态</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="73" />
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../gui/findings_model.py" line="99" />
        <source>expected %1, found %2</source>
        <translation>应为 %1，实为 %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="82" />
        <location filename="../../gui/main_window.py" line="475" />
        <source>ReviewDesk — annual report review</source>
        <translation>年报审阅台 — 政府信息公开工作年度报告审阅</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="105" />
        <source>Annotation store error: %1</source>
        <translation>批注库出错：%1</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="134" />
        <source>Filter: file, agency, year</source>
        <translation>筛选：文件名、机关、年度</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="139" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="140" />
        <source>With errors</source>
        <translation>有错误</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="141" />
        <source>With warnings</source>
        <translation>有警告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="142" />
        <source>Not reviewed</source>
        <translation>未审阅</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="155" />
        <location filename="../../gui/main_window.py" line="299" />
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="156" />
        <location filename="../../gui/main_window.py" line="301" />
        <source>Folder overview</source>
        <translation>文件夹总览</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="157" />
        <location filename="../../gui/main_window.py" line="304" />
        <source>Year comparison</source>
        <translation>跨年对比</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="235" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="254" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="255" />
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="256" />
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="257" />
        <source>Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="260" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="261" />
        <source>Current report…</source>
        <translation>当前报告…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="262" />
        <source>Whole queue…</source>
        <translation>全部报告…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="264" />
        <source>Preferences…</source>
        <translation>首选项…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="265" />
        <source>Close queue</source>
        <translation>关闭全部报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="266" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="268" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="269" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="271" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="277" />
        <source>&amp;Review</source>
        <translation>审阅(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="278" />
        <source>Next finding</source>
        <translation>下一个问题</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="279" />
        <source>Previous finding</source>
        <translation>上一个问题</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="280" />
        <source>Next report</source>
        <translation>下一份报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="281" />
        <source>Previous report</source>
        <translation>上一份报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="285" />
        <source>Mark selection: %1</source>
        <translation>标记所选：%1</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="290" />
        <source>Clear status</source>
        <translation>清除状态</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="291" />
        <source>Mark whole report</source>
        <translation>标记整份报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="296" />
        <source>Comment…</source>
        <translation>批注…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="297" />
        <source>Review the report itself</source>
        <translation>批注整份报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="298" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="308" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="310" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="311" />
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="312" />
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="328" />
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="337" />
        <source>Open reports</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="337" />
        <source>Reports (%1)</source>
        <translation>年度报告 (%1)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="343" />
        <source>Open a folder of reports</source>
        <translation>打开报告文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="387" />
        <source>Loading cancelled</source>
        <translation>已取消载入</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="389" />
        <source>%1 reports loaded</source>
        <translation>已载入 %1 份报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="393" />
        <source>Loading failed: %1</source>
        <translation>载入失败：%1</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="423" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="485" />
        <source>The file could not be read.</source>
        <translation>文件无法读取。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="487" />
        <source>The 2008 format has no statistical tables.</source>
        <translation>2008 年格式没有统计表格。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="489" />
        <source>This table is missing from the report.</source>
        <translation>报告中缺少这张表。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="520" />
        <source>unreviewed</source>
        <translation>未审阅</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="521" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="523" />
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 · format %4&lt;br&gt;errors %5 · warnings %6 · review: %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2年 · %3 · %4格式&lt;br&gt;错误 %5 · 警告 %6 · 审阅：%7</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="622" />
        <source>The whole report</source>
        <translation>整份报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="627" />
        <source>Finding %1: %2</source>
        <translation>问题 %1：%2</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="637" />
        <source>Cell %1 / %2 / %3</source>
        <translation>单元格 %1 / %2 / %3</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="672" />
        <source>Note saved</source>
        <translation>批注已保存</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="706" />
        <source>Annotations: %1</source>
        <translation>批注：%1</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="775" />
        <source>Export review sheet</source>
        <translation>导出审阅单</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="777" />
        <source>Excel (*.xlsx);;PDF review sheet (*.pdf);;HTML (*.html);;CSV (*.csv)</source>
        <translation>Excel 表格 (*.xlsx);;PDF 审阅单 (*.pdf);;HTML 网页 (*.html);;CSV 文本 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="808" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="813" />
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>NotePanel</name>
    <message>
        <location filename="../../gui/note_panel.py" line="29" />
        <source>Review note</source>
        <translation>审阅批注</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="34" />
        <source>(no status)</source>
        <translation>（无状态）</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="38" />
        <source>Comment (Ctrl+M to edit, Ctrl+Enter to save)</source>
        <translation>批注（Ctrl+M 编辑，Ctrl+Enter 保存）</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="40" />
        <source>Save note</source>
        <translation>保存批注</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="44" />
        <source>Target:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="45" />
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../gui/note_panel.py" line="73" />
        <source>(anonymous)</source>
        <translation>（未署名）</translation>
    </message>
</context>
<context>
    <name>OverviewWidget</name>
    <message>
        <location filename="../../gui/overview.py" line="29" />
        <source>(agency not recognised)</source>
        <translation>（未识别发布机关）</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="47" />
        <source>year?</source>
        <translation>年度不明</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="58" />
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="61" />
        <source>No report of %1 for %2</source>
        <translation>缺少 %1 %2 年度的报告</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="79" />
        <source>E%1 W%2</source>
        <translation>错%1 警%2</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="81" />
        <source>unreviewed</source>
        <translation>未审阅</translation>
    </message>
    <message>
        <location filename="../../gui/overview.py" line="83" />
        <source>%1 files</source>
        <translation>%1 个文件</translation>
    </message>
</context>
<context>
    <name>PdfPageView</name>
    <message>
        <location filename="../../gui/viewer.py" line="60" />
        <source>Previous page (PgUp)</source>
        <translation>上一页 (PgUp)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="62" />
        <source>Next page (PgDown)</source>
        <translation>下一页 (PgDown)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="67" />
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小 (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="69" />
        <source>Zoom in (Ctrl++)</source>
        <translation>放大 (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="72" />
        <source>Fit page width</source>
        <translation>适合页宽</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="184" />
        <source>No page to show</source>
        <translation>没有可显示的页面</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="194" />
        <source>This page could not be rendered</source>
        <translation>本页无法显示</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../gui/prefs.py" line="13" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../gui/prefs.py" line="15" />
        <source>Your name, printed on notes and review sheets</source>
        <translation>您的姓名，记在批注和审阅单上</translation>
    </message>
    <message>
        <location filename="../../gui/prefs.py" line="22" />
        <source>Reviewer:</source>
        <translation>审阅人：</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../gui/queue_model.py" line="106" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="107" />
        <source>Agency</source>
        <translation>发布机关</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="108" />
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="109" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="110" />
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="111" />
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="112" />
        <source>Review</source>
        <translation>审阅状态</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="134" />
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../gui/queue_model.py" line="135" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>SourceView</name>
    <message>
        <location filename="../../gui/viewer.py" line="262" />
        <source>Open a report: File ▸ Open file… or drop files here</source>
        <translation>打开报告：文件 ▸ 打开文件…，或把文件拖到这里</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="275" />
        <source>Nothing to show</source>
        <translation>无可显示内容</translation>
    </message>
</context>
<context>
    <name>TableModel</name>
    <message>
        <location filename="../../gui/table_model.py" line="181" />
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="216" />
        <source>This row is missing from the report.</source>
        <translation>报告中缺少这一行。</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="218" />
        <source>The format has no such cell in this row.</source>
        <translation>该格式中本行没有这一栏。</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="220" />
        <source>Original text: %1</source>
        <translation>原文：%1</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="222" />
        <source>Unit: %1</source>
        <translation>单位：%1</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="224" />
        <source>Cell status: %1</source>
        <translation>单元格状态：%1</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="226" />
        <source>Inferred: split from glued digits by the row's arithmetic</source>
        <translation>推断值：按本行算术关系拆分粘连数字所得</translation>
    </message>
    <message>
        <location filename="../../gui/table_model.py" line="232" />
        <source>Note: %1</source>
        <translation>批注：%1</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../gui/labels.py" line="30" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="31" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="32" />
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="38" />
        <source>Article 20</source>
        <translation>第二十条</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="39" />
        <source>Applications</source>
        <translation>申请办理</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="40" />
        <source>Reviews &amp; litigation</source>
        <translation>复议诉讼</translation>
    </message>
</context>
</TS>