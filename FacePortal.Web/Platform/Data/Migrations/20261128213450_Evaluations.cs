using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Evaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PairSets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GalleryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", nullable: false),
                    FoldCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PositiveCount = table.Column<int>(type: "INTEGER", nullable: false),
                    NegativeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    IdentityCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ImageCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PairSets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PairSets_Galleries_GalleryId",
                        column: x => x.GalleryId,
                        principalTable: "Galleries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationPairs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PairSetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Fold = table.Column<int>(type: "INTEGER", nullable: false),
                    Same = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImageAId = table.Column<int>(type: "INTEGER", nullable: false),
                    ImageBId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationPairs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationPairs_Images_ImageAId",
                        column: x => x.ImageAId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EvaluationPairs_Images_ImageBId",
                        column: x => x.ImageBId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EvaluationPairs_PairSets_PairSetId",
                        column: x => x.PairSetId,
                        principalTable: "PairSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PairSetId = table.Column<int>(type: "INTEGER", nullable: false),
                    JobId = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PipelineSignature = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationRuns_PairSets_PairSetId",
                        column: x => x.PairSetId,
                        principalTable: "PairSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OperatingPoints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Threshold = table.Column<double>(type: "REAL", nullable: false),
                    Distance = table.Column<double>(type: "REAL", nullable: false),
                    RunId = table.Column<int>(type: "INTEGER", nullable: true),
                    Far = table.Column<double>(type: "REAL", nullable: false),
                    Frr = table.Column<double>(type: "REAL", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperatingPoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OperatingPoints_EvaluationRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "EvaluationRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "PairScores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    PairId = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Same = table.Column<bool>(type: "INTEGER", nullable: false),
                    MissingFace = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PairScores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PairScores_EvaluationPairs_PairId",
                        column: x => x.PairId,
                        principalTable: "EvaluationPairs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PairScores_EvaluationRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "EvaluationRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationPairs_ImageAId",
                table: "EvaluationPairs",
                column: "ImageAId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationPairs_ImageBId",
                table: "EvaluationPairs",
                column: "ImageBId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationPairs_PairSetId_Ordinal",
                table: "EvaluationPairs",
                columns: new[] { "PairSetId", "Ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRuns_JobId",
                table: "EvaluationRuns",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRuns_PairSetId",
                table: "EvaluationRuns",
                column: "PairSetId");

            migrationBuilder.CreateIndex(
                name: "IX_OperatingPoints_Model_Name",
                table: "OperatingPoints",
                columns: new[] { "Model", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OperatingPoints_RunId",
                table: "OperatingPoints",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_PairScores_PairId",
                table: "PairScores",
                column: "PairId");

            migrationBuilder.CreateIndex(
                name: "IX_PairScores_RunId_PairId",
                table: "PairScores",
                columns: new[] { "RunId", "PairId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PairSets_GalleryId",
                table: "PairSets",
                column: "GalleryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OperatingPoints");

            migrationBuilder.DropTable(
                name: "PairScores");

            migrationBuilder.DropTable(
                name: "EvaluationPairs");

            migrationBuilder.DropTable(
                name: "EvaluationRuns");

            migrationBuilder.DropTable(
                name: "PairSets");
        }
    }
}
