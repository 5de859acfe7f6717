package io.previewbridge.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatchRulesTest {

  static final String TITLE =
      "{'id':'title','name':'Title','type':'inline','inline':{'title':{'value':'T','section':'title'}}}";
  static final String DEV =
      "{'id':'dev','name':'Developer Name','type':'inline','inline':{'plain_text':{'value':'Acme','section':'secondary'}}}";

  static JsonValue json(String singleQuoted) {
    return Json.createReader(new StringReader(singleQuoted.replace('\'', '"'))).readValue();
  }

  static JsonValue withAttributes(String extra) {
    return json(
        "{'uri':'https://x.example/1','operations':[{'path':['attributes'],'set':["
            + TITLE
            + ","
            + DEV
            + (extra.isEmpty() ? "" : "," + extra)
            + "]}]}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{'id':'s','name':'S','type':'inline','inline':{'enum':{'value':'Open','color':{'r':1,'g':2,'b':3},'section':'primary'}}}",
        "{'id':'d','name':'D','type':'inline','inline':{'datetime':{'value':'2024-05-02T09:15:00.000Z','section':'secondary'}}}",
        "{'id':'c','name':'C','type':'inline','inline':{'color':{'value':{'r':0,'g':0,'b':255},'section':'background'}}}",
        "{'id':'a','name':'A','type':'embed','embed':{'src_url':'https://x.example/a.svg','image':{'section':'avatar'}}}",
        "{'id':'h','name':'H','type':'embed','embed':{'src_url':'http://localhost:8080/c','html':{'section':'embed'}}}"
      })
  void acceptsWhatNotionsTableAllows(String extra) {
    assertThat(PatchRules.problem(withAttributes(extra))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'id':'s','type':'inline','inline':{'enum':{'value':'Open','section':'body'}}} | set[2].inline.enum.section",
        "{'id':'d','type':'inline','inline':{'date':{'value':'May 2','section':'secondary'}}} | set[2].inline.date.value",
        "{'id':'c','type':'inline','inline':{'color':{'value':{'r':0,'g':0,'b':256},'section':'entity'}}} | .b should",
        "{'id':'h','type':'embed','embed':{'src_url':'javascript:alert(1)','html':{'section':'embed'}}} | src_url",
        "{'id':'x','type':'inline','inline':{'plain_text':{'value':'a','section':'body'},'title':{'value':'b','section':'title'}}} | exactly one",
        "{'id':'v','type':'embed','embed':{'src_url':'https://x.example/v.mp4','video':{'section':'avatar'}}} | video.section"
      })
  void namesTheOffendingPath(String extra, String expected) {
    assertThat(PatchRules.problem(withAttributes(extra)))
        .hasValueSatisfying(p -> assertThat(p).contains(expected.trim()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'uri':'u','operations':[{'path':['attributes'],'set':[" + TITLE + "]}]} | `dev`",
        "{'uri':'u','operations':[{'path':['attributes'],'set':[" + DEV + "]}]} | `title`",
        "{'operations':[]} | body.uri",
        "{'uri':'u','operations':[]} | non-empty",
        "{'uri':'u','operations':[{'path':['error'],'set':[]}]} | set should be an object",
        "{'uri':'u','operations':[{'path':['error'],'set':{'status':'404','message':'gone'}}]} | set.status",
        "{'uri':'u','operations':[{'path':['properties'],'set':{}}]} | path",
        "[] | body should be an object"
      })
  void rejectsBodiesWithoutTheRequiredShape(String body, String expected) {
    assertThat(PatchRules.problem(json(body)))
        .hasValueSatisfying(p -> assertThat(p).contains(expected.trim()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'uri':'u','operations':[{'path':['error'],'set':{'status':404,'message':'Deleted'}}]}"
      })
  void acceptsAnErrorOperationAlone(String body) {
    assertThat(PatchRules.problem(json(body))).isEmpty();
  }
}
